from . import res_company
from . import res_config_settings
from . import jxc_balance_line
from . import jxc_balance_demo
