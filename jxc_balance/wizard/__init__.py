from . import jxc_balance_lead_time_wizard
