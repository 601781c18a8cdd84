"""The demo shop's catalogue: 小张的超市 (Xiao Zhang's supermarket), as plain data."""

SEED = 20240618
HISTORY_DAYS = 730  # days of history of the main warehouse
ST2_HISTORY_DAYS = 365  # Store 2 opened a year ago
LOOKBACK_DAYS = 365  # receipts observed for the lead time
CODE_PREFIX = "JXC-"

# key: (English name, Chinese name)
CATEGORIES = {
    "drinks": ("Drinks", "饮料"),
    "bakery": ("Bakery & Dairy", "面包乳品"),
    "clothing": ("Clothing", "服装"),
    "stationery": ("Stationery", "文具"),
    "electronics": ("Electronics", "数码"),
    "snacks": ("Snacks", "零食"),
}

# key: name, city, promised delay (days), actual delay range, review cycle in the last year
# and before it (days)
VENDORS = {
    "crb": {"name": "华润饮料 (CR Beverages)", "city": "Shenzhen", "delay": 3,
            "actual": (2, 4), "cycle": 28, "old_cycle": 84},
    "mj": {"name": "美佳食品百货批发 (Meijia Food & Sundries Wholesale)", "city": "Shanghai",
           "delay": 5, "actual": (4, 6), "cycle": 35, "old_cycle": 84},
    # the late one: promises a week, delivers in two
    "bjr": {"name": "北极绒服装 (Beijirong Apparel)", "city": "Harbin", "delay": 7,
            "actual": (12, 16), "cycle": 35, "old_cycle": 84},
}

# The two stories told by their own case, each drawn from a random generator of its own
# (``plan.OWN_DRAW_CASES``) and without a calendar profile: their figures do not depend on
# the install date, as the seasonal products' draws (and all that follows them) do.
# "stockout": the vendor could not deliver from this many days ago to that many (the
# shelf empty on each of those days), then a restock came in.
STOCKOUT_DAYS_AGO = (75, 45)
# "lumpy": a sale every few weeks (days between two sales, uniform; about one day in 21),
# in sizes of a lognormal law of this log-spread (sizes' CV² = e^(sigma²) - 1 = 1.7)
LUMPY = {"gap": (7, 35), "sigma": 1.0}

# Demand profiles (multiplied): summer / summer_mild, weekend / weekend_mild, winter,
# school (开学季), promo (618 and 双十一).
# code, English name, Chinese name, category, vendor (None: no vendor), list price, cost,
# base daily demand (main warehouse), profiles, intended case, pack size (order multiple),
# vendor min_qty, Store 2 share of demand (0: not sold there), customer returns
PRODUCT_ROWS = (
    # ---- drinks
    ("DRK-001", "Mineral Water 550ml", "矿泉水 550ml", "drinks", "crb", 2.0, 0.9,
     45, ("summer", "weekend_mild"), "balanced", 24, 48, 0.3, False),
    ("DRK-002", "Cola 330ml Can", "可乐 330ml 罐装", "drinks", "crb", 3.5, 1.8,
     40, ("summer",), "balanced", 24, 24, 0.3, False),
    ("DRK-003", "Iced Black Tea 500ml", "冰红茶 500ml", "drinks", "crb", 3.5, 1.8,
     10, ("summer",), "balanced", 24, 24, 0.25, False),
    ("DRK-004", "Green Tea 500ml", "绿茶 500ml", "drinks", "crb", 3.5, 1.8,
     12, ("summer",), "reorder", 24, 24, 0, False),
    ("DRK-005", "Beer 500ml x 12 Cans", "啤酒 500ml×12罐", "drinks", "crb", 69.0, 40.0,
     3.5, ("summer_mild", "weekend_mild"), "balanced", 1, 5, 0, False),
    ("DRK-006", "Sports Drink 600ml", "运动饮料 600ml", "drinks", "crb", 5.0, 2.6,
     2, ("summer",), "balanced", 12, 0, 0, False),
    ("DRK-007", "Orange Juice 1L", "橙汁 1L", "drinks", "crb", 13.0, 7.5,
     0.8, ("summer_mild",), "balanced", 6, 0, 0, False),
    ("DRK-008", "Sparkling Water 330ml", "苏打水 330ml", "drinks", "crb", 4.5, 2.2,
     2, ("summer",), "balanced", 24, 0, 0, False),
    # ---- bakery & dairy
    ("BKD-001", "Fresh Milk 950ml", "鲜牛奶 950ml", "bakery", "crb", 14.0, 9.5,
     28, ("weekend",), "balanced", 12, 12, 0.3, False),
    ("BKD-002", "Yogurt 200g", "酸奶 200g", "bakery", "crb", 6.0, 3.6,
     8, ("weekend",), "balanced", 12, 0, 0, False),
    ("BKD-003", "White Toast Bread", "白吐司面包", "bakery", "mj", 9.0, 5.2,
     22, ("weekend",), "balanced", 10, 0, 0.3, False),
    ("BKD-004", "Croissants 4-pack", "牛角包 4个装", "bakery", "mj", 12.8, 6.8,
     1, ("weekend",), "balanced", 6, 0, 0, False),
    ("BKD-005", "Whole Wheat Bread", "全麦面包", "bakery", "mj", 11.0, 6.0,
     1, ("weekend",), "balanced", 6, 0, 0, False),
    ("BKD-006", "Fresh Eggs 10-pack", "鲜鸡蛋 10枚装", "bakery", None, 15.0, 10.5,
     19, ("weekend_mild",), "no_vendor", 1, 0, 0, False),
    # a steady seller the dairy could not deliver for a month (STOCKOUT_DAYS_AGO)
    ("BKD-007", "UHT Milk 250ml x 12", "纯牛奶 250ml×12盒", "bakery", "crb", 45.0, 33.0,
     5, (), "stockout", 1, 10, 0, False),
    # ---- clothing (the late vendor)
    ("CLO-001", "Long Down Jacket", "长款羽绒服", "clothing", "bjr", 599.0, 320.0,
     0.1, ("winter",), "overstock", 1, 10, 0, True),
    ("CLO-002", "Padded Vest", "棉马甲", "clothing", "bjr", 159.0, 78.0,
     0.15, ("winter",), "overstock", 1, 10, 0, True),
    ("CLO-003", "Short Down Jacket", "短款羽绒服", "clothing", "bjr", 399.0, 210.0,
     0.12, ("winter",), "slow", 1, 10, 0, False),
    ("CLO-004", "Wool Coat", "羊毛大衣", "clothing", "bjr", 699.0, 380.0,
     0.08, ("winter",), "dead", 1, 5, 0, False),
    ("CLO-005", "Thermal Underwear Set", "保暖内衣套装", "clothing", "bjr", 129.0, 58.0,
     0.5, ("winter",), "balanced", 1, 0, 0, True),
    ("CLO-006", "Cotton Socks 5 Pairs", "棉袜 5双装", "clothing", "bjr", 29.0, 12.0,
     1.5, ("weekend_mild",), "balanced", 5, 0, 0, False),
    ("CLO-007", "Basic Cotton T-shirt", "纯棉基础款T恤", "clothing", "bjr", 49.0, 21.0,
     0.7, ("summer_mild",), "balanced", 5, 0, 0, True),
    ("CLO-008", "Knitted Scarf", "针织围巾", "clothing", "bjr", 69.0, 29.0,
     0.2, ("winter",), "balanced", 1, 0, 0, False),
    # ---- stationery (开学季)
    ("STA-001", "A5 Notebook 5-pack", "A5 笔记本 5本装", "stationery", "mj", 15.0, 6.2,
     1, ("school",), "balanced", 10, 0, 0, False),
    ("STA-002", "Gel Pens 10-pack", "中性笔 10支装", "stationery", "mj", 12.0, 4.8,
     1, ("school",), "balanced", 10, 0, 0, False),
    ("STA-003", "School Backpack", "学生书包", "stationery", "mj", 139.0, 68.0,
     0.08, ("school", "school"), "balanced", 1, 0, 0, True),
    ("STA-004", "Pencil Case", "笔袋", "stationery", "mj", 19.0, 7.5,
     0.5, ("school",), "balanced", 5, 0, 0, False),
    ("STA-005", "Exercise Books 10-pack", "作业本 10本装", "stationery", "mj", 9.0, 3.6,
     1.2, ("school",), "balanced", 10, 0, 0, False),
    # the offices around buy it by the ream or by the carton, a few times a month (LUMPY)
    ("STA-006", "A4 Copy Paper 500 Sheets", "A4 复印纸 500张", "stationery", "mj", 25.0, 16.0,
     1, (), "lumpy", 5, 0, 0, False),
    # ---- electronics (618, 双十一)
    ("ELE-001", "20W USB-C Charger", "20W USB-C 快充充电器", "electronics", "mj", 59.0, 27.0,
     0.25, ("promo",), "balanced", 5, 0, 0, True),
    ("ELE-002", "USB-C Cable 1m", "USB-C 数据线 1米", "electronics", "mj", 19.0, 6.5,
     1, ("promo",), "balanced", 10, 0, 0, True),
    ("ELE-003", "Power Bank 10000mAh", "充电宝 10000mAh", "electronics", "mj", 99.0, 52.0,
     0.12, ("promo",), "balanced", 5, 0, 0, True),
    ("ELE-004", "Wireless Earbuds", "无线蓝牙耳机", "electronics", "mj", 199.0, 105.0,
     0.06, ("promo",), "balanced", 2, 0, 0, True),
    ("ELE-005", "AA Batteries 4-pack", "5号电池 4节装", "electronics", "mj", 12.0, 5.5,
     1, (), "balanced", 10, 0, 0.3, False),
    # ---- snacks
    ("SNK-001", "Instant Noodles 5-pack", "方便面 5连包", "snacks", "mj", 15.0, 10.5,
     45, ("weekend_mild",), "shortage", 12, 24, 0.3, False),
    ("SNK-002", "Potato Chips 70g", "薯片 70g", "snacks", "mj", 8.0, 4.3,
     10, ("weekend_mild",), "reorder", 12, 0, 0.25, False),
    ("SNK-003", "Snack Gift Box", "零食大礼包", "snacks", "mj", 88.0, 52.0,
     0.12, ("promo",), "balanced", 2, 0, 0, True),
    ("SNK-004", "Mixed Nuts Gift Box", "每日坚果礼盒", "snacks", "mj", 128.0, 76.0,
     0.08, ("promo",), "balanced", 2, 0, 0, True),
    ("SNK-005", "Chocolate Bar 80g", "巧克力 80g", "snacks", "mj", 10.0, 5.2,
     1, (), "balanced", 12, 0, 0.3, False),
    ("SNK-006", "Sunflower Seeds 200g", "香瓜子 200g", "snacks", "mj", 9.0, 4.6,
     1.2, ("weekend_mild",), "balanced", 10, 0, 0, False),
    ("SNK-007", "Spicy Gluten Strips", "辣条", "snacks", "mj", 5.0, 2.1,
     2.5, (), "balanced", 20, 0, 0, False),
    ("SNK-008", "Butter Cookies 400g", "黄油曲奇 400g", "snacks", "mj", 26.0, 14.0,
     0.3, ("promo",), "balanced", 6, 0, 0, False),
)
PRODUCT_FIELDS = ("code", "name", "zh", "categ", "vendor", "list_price", "cost", "base",
                  "profiles", "case", "pack", "min_qty", "st2", "returns")
PRODUCTS = [dict(zip(PRODUCT_FIELDS, row, strict=True)) for row in PRODUCT_ROWS]

# A promotion of the demo shop a few days from now, whatever the install date: the
# snacks' reorder drafts pre-build for it (days from today, inclusive).
DEMO_EVENT = {"name": ("Store Anniversary Sale", "店庆促销"), "categ": "snacks",
              "start": 3, "stop": 16, "uplift": 1.5}
# the presets the demo confirms, and for which categories
DEMO_PRESETS = ("event_preset_618", "event_preset_double11")
DEMO_PRESET_CATEGORIES = ("drinks", "electronics", "snacks")
