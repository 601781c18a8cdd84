from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def write(self, vals):
        result = super().write(vals)
        # a stock alert's to-do given to somebody else: written again in their language
        if vals.get("user_id") and not {"summary", "note"} & set(vals):
            for todo, texts in self._jxc_alert_texts():
                super(MailActivity, todo).write(texts)
        return result

    def _jxc_alert_texts(self):
        """[(to-do, {summary, note})] of the stock alerts' to-dos, in their assignee's
        language."""
        todos = self.filtered(lambda activity: activity.automated
                              and activity.res_model == "jxc.balance.alert")
        alerts = self.env["jxc.balance.alert"].sudo()
        result = []
        for todo in todos:
            alert = alerts.browse(todo.res_id).with_context(lang=todo.user_id.lang)
            if alert.exists():
                result.append((todo, {"summary": alert.display_name,
                                      "note": alert.description}))
        return result
