from . import jxc_balance_vendor_report
