from . import test_alerts
from . import test_engine
from . import test_reorder
from . import test_settings
from . import test_tours
from . import test_export
