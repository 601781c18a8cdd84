from . import jxc_balance_demo
from . import jxc_balance_demo_loader
