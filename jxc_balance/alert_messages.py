"""The sentences of the stock alerts, rendered from their facts in the reader's language.

A scan stores what it found (a message code and its figures, see ``jxc.balance.alert``);
the sentence is made when the alert is read, so each user reads it in their own language
with their own number format, whatever the language of the cron that found it.
"""


def render(alert, number):
    """The description of ``alert`` in the language of its environment.

    ``number`` formats a figure (the alert model's ``_number_formatter``). Product, unit
    and state names are read in the same language.
    """
    env = alert.env
    params = alert.message_params or {}
    code = alert.message_code
    uom = alert.product_id.uom_id.name or ""
    if code == "slow":
        return env._(
            "%(qty)s %(uom)s on hand, no sale for %(days)s days (slow after %(limit)s days)",
            qty=number(params["qty"]), uom=uom, days=params["days"], limit=params["limit"])
    if code == "dead":
        return env._(
            "%(qty)s %(uom)s on hand, no outgoing move for %(days)s days "
            "(dead after %(limit)s days)",
            qty=number(params["qty"]), uom=uom, days=params["days"], limit=params["limit"])
    if code == "overstock":
        return env._(
            "%(qty)s %(uom)s on hand cover %(cover)s days of demand (overstock above "
            "%(limit)s days), %(excess)s %(uom)s above the max level of %(max)s %(uom)s",
            qty=number(params["qty"]), uom=uom, cover=number(params["cover"], 1),
            limit=params["limit"], excess=number(params["excess"]),
            max=number(params["max"]))
    if code == "stockout_risk":
        parts = []
        if "safety" in params:
            parts.append(env._(
                "Forecast of %(forecast)s %(uom)s is below the safety stock of "
                "%(safety)s %(uom)s",
                forecast=number(params["forecast"]), safety=number(params["safety"]),
                uom=uom))
        if "lead" in params:
            parts.append(env._(
                "%(qty)s %(uom)s on hand cover %(cover)s days of demand, less than the "
                "lead time of %(lead)s days",
                qty=number(params["qty"]), uom=uom, cover=number(params["cover"], 1),
                lead=number(params["lead"], 1)))
        return "; ".join(parts)
    if code == "no_vendor":
        reason = {
            "both": env._("has no vendor and cannot be purchased"),
            "no_vendor": env._("has no vendor"),
            "not_purchasable": env._("cannot be purchased"),
        }[params["reason"]]
        if params.get("demand"):
            return env._("Sells %(demand)s %(uom)s a day but %(reason)s",
                         demand=number(params["demand"]), uom=uom, reason=reason)
        states = dict(env["jxc.balance.line"]._fields["state"]._description_selection(env))
        return env._("%(state)s but %(reason)s",
                     state=states.get(params["state"], params["state"]), reason=reason)
    if code == "count_drift":
        diffs = ", ".join(("+" if diff > 0 else "") + number(diff) for diff in params["diffs"])
        return env._(
            "The last %(count)s counts differed from the records by %(diffs)s "
            "%(uom)s; counted every %(days)s days instead of %(interval)s until a "
            "count is accurate again",
            count=len(params["diffs"]), diffs=diffs, uom=uom, days=params["days"],
            interval=params["interval"])
    if code == "service_below_target":
        if params["metric"] == "cycle":
            return env._(
                "Cycle service of %(achieved)s%% over the last 365 days (%(met)s of "
                "%(cycles)s replenishment cycles without a stockout day, %(days)s stockout "
                "days), below the target of %(target)s%%",
                achieved=number(params["achieved"], 1), met=params["met"],
                cycles=params["cycles"], days=params["days"],
                target=number(params["target"], 1))
        return env._(
            "Fill rate of %(achieved)s%% over the last 365 days (%(sold)s %(uom)s sold of "
            "an estimated %(demanded)s %(uom)s demanded, %(days)s stockout days), below "
            "the target of %(target)s%%",
            achieved=number(params["achieved"], 1), sold=number(params["sold"]),
            demanded=number(params["demanded"]), uom=uom, days=params["days"],
            target=number(params["target"], 1))
    if code == "lead_time_drift":
        products = env["product.product"].browse(
            [item["product_id"] for item in params["products"]]).exists()
        names = {product.id: product.display_name for product in products}
        items = [
            env._("%(product)s: %(observed)s days on average over %(count)s receipts, "
                  "%(promised)s days promised",
                  product=names.get(item["product_id"], "?"),
                  observed=number(item["observed"], 1), count=item["count"],
                  promised=number(item["promised"], 1))
            for item in params["products"]
        ]
        return env._("%(vendor)s delivers later than promised: %(products)s",
                     vendor=alert.vendor_id.display_name or "", products="; ".join(items))
    return alert.message or ""
