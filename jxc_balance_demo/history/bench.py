"""The benchmark's synthetic shop (``bench/generate.py``), drawn in plain Python (no Odoo).

Products with Zipf-like popularity and sales windows (normal, new, slow, dead, never
sold), done customer deliveries spread over the ``HISTORY`` days before the anchor day,
customer returns, receipts from three vendors (a share of them on purchase order lines,
with the lead time each vendor really keeps), opening inventories, pending deliveries and
receipts, and the quantity on hand per product and warehouse. Everything comes from one
``random.Random(seed)`` drawn in a fixed order: the same seed and anchor day give the same
shop. Days are counted back from the anchor day (negative: the days ahead).
"""

import random
from collections import defaultdict
from datetime import timedelta

from .draws import Popularity, at, lead_time, xyz_quantity, zipf_weights

HISTORY = 365  # days of history before the anchor day
# product profiles: (name, probability); sales windows are set in draw_product
PROFILES = [("never", 0.03), ("dead", 0.07), ("slow", 0.08), ("new", 0.05), ("normal", 0.77)]
# vendors: name, promised delay range, lead time model (draws.LEAD_TIME_MODELS)
VENDORS = [
    ("Bench Vendor A (punctual)", (3, 6), "punctual"),
    ("Bench Vendor B (late)", (7, 14), "late"),
    ("Bench Vendor C (erratic)", (4, 10), "erratic"),
]
MIN_QTYS = [6, 10, 12, 24, 48]


class BenchHistory:
    """Draws the benchmark shop; the caller writes it into Odoo.

    ``draw_products`` first (before any record exists), then ``draw_flows`` with the ids
    of the vendors and customers created meanwhile. ``counts`` (a ``defaultdict(int)``)
    receives the number of moves of each kind.
    """

    def __init__(self, seed, today, skew=0.9, po_fraction=0.4, return_rate=0.01,
                 counts=None):
        self.rng = random.Random(seed)
        self.today = today
        self.skew, self.po_fraction, self.return_rate = skew, po_fraction, return_rate
        self.counts = counts if counts is not None else defaultdict(int)
        self.products = []

    # ------------------------------------------------------------------ products
    def draw_products(self, count):
        """Every product's figures, in a fixed order (its ids are set by the caller)."""
        self.products = [self._draw_product(i) for i in range(count)]
        return self.products

    def _draw_product(self, index):
        """One product: cost, sellers, profile and sales window, XYZ class."""
        rng = self.rng
        cost = round(min(2000.0, rng.lognormvariate(2.5, 0.8)), 2)
        main = rng.choices(range(len(VENDORS)), weights=(5, 3, 2))[0]
        sellers = [self._draw_seller(main, cost, main_line=True)]
        if rng.random() < 0.3:
            other = rng.choice([v for v in range(len(VENDORS)) if v != main])
            sellers.append(self._draw_seller(other, cost, main_line=False))
        roll, profile = rng.random(), "normal"
        for name, probability in PROFILES:
            if roll < probability:
                profile = name
                break
            roll -= probability
        # sales window, in days before the anchor day (oldest, newest)
        window = {
            "never": (0, 0),
            "dead": (HISTORY, rng.randint(185, 330)),
            "slow": (HISTORY, rng.randint(65, 170)),
            "new": (rng.randint(20, 90), 1),
            "normal": (HISTORY, 1),
        }[profile]
        return {
            "index": index, "name": f"Bench Product {index + 1:05d}",
            "code": f"BENCH-{index + 1:05d}", "categ": rng.randrange(8),
            "cost": cost, "price": round(cost * rng.uniform(1.2, 2.0), 2),
            "sellers": sellers, "vendor": main, "profile": profile, "window": window,
            "xyz": rng.choices("xyz", weights=(40, 35, 25))[0],
            "po_linked": rng.random() < self.po_fraction,
            "main_share": 1.0 if rng.random() < 0.35 else rng.uniform(0.5, 0.8),
        }

    def _draw_seller(self, vendor, cost, main_line):
        """(vendor index, promised delay, min qty, price) of a vendor pricelist line."""
        rng = self.rng
        low, high = VENDORS[vendor][1]
        min_qty = rng.choice(MIN_QTYS) if rng.random() < 0.3 else 0
        price = round(cost * rng.uniform(0.9, 1.0 if main_line else 1.1), 2)
        return (vendor, rng.randint(low, high), min_qty, price)

    # --------------------------------------------------------------------- flows
    def draw_flows(self, moves, warehouses, vendor_ids, customer_ids):
        """Every stock move as a tuple, bucketed by day; purchase orders; quants.

        Sets ``moves_by_day`` ({days before the anchor: [(seconds, kind, product index,
        warehouse index, qty, partner id, purchase line index)]}), ``po_lines``,
        ``po_headers`` and ``quants`` ([(product index, warehouse index, qty, in day)]).
        """
        self.n_moves, self.n_warehouses = moves, warehouses
        self.vendor_ids, self.customer_ids = vendor_ids, customer_ids
        self.moves_by_day = defaultdict(list)
        self.po_lines = []  # (po_key, product, qty, price, received, date_planned)
        self.po_headers = {}  # po_key -> dict
        sold, returned, last_sale = self._draw_deliveries()
        self._draw_replenishments(sold, returned, last_sale)

    def _draw_deliveries(self):
        """Done deliveries and their returns: (sold, returned, last sale day) per key."""
        rng = self.rng
        ranks = list(range(len(self.products)))
        rng.shuffle(ranks)
        scales = []
        for p in self.products:
            oldest, newest = p["window"]
            length = oldest - newest + 1 if oldest else 0
            scales.append(length / HISTORY)
        popularity = Popularity(zipf_weights(ranks, self.skew, scales))
        wh_count = self.n_warehouses
        sold = defaultdict(float)
        returned = defaultdict(float)
        last_sale = {}
        customers = self.customer_ids
        random_ = rng.random
        by_day = self.moves_by_day
        for _ in range(self.n_moves):
            p = self.products[popularity.pick(rng)]
            oldest, newest = p["window"]
            day = newest + int(random_() * (oldest - newest + 1))
            if wh_count == 1 or random_() < p["main_share"]:
                wh = 0
            else:
                wh = 1 + int(random_() * (wh_count - 1))
            qty = xyz_quantity(rng, p["xyz"])
            sec = 28800 + int(random_() * 43200)  # 08:00-20:00 UTC
            partner = customers[int(random_() * len(customers))]
            key = (p["index"], wh)
            by_day[day].append((sec, "out", p["index"], wh, qty, partner, None))
            sold[key] += qty
            if day < last_sale.get(key, HISTORY + 1):
                last_sale[key] = day
            if random_() < self.return_rate and day > 1:
                back = max(1, day - 1 - int(random_() * 14))
                by_day[back].append((28800 + int(random_() * 43200), "return", p["index"],
                                     wh, 1.0, partner, None))
                returned[key] += 1.0
        self.counts["moves_done_delivery"] = self.n_moves
        self.counts["moves_done_return"] = int(sum(returned.values()))
        return sold, returned, last_sale

    def _draw_replenishments(self, sold, returned, last_sale):
        """Opening inventories, receipts and pending moves towards each key's stock."""
        rng = self.rng
        self.quants = []  # (product_index, wh, qty, in_date_day)
        for p in self.products:
            oldest, newest = p["window"]
            for wh in range(self.n_warehouses):
                key = (p["index"], wh)
                if key not in sold:
                    if p["profile"] == "never" and wh == 0 and rng.random() < 0.6:
                        # stock bought long ago, never sold: dead stock
                        qty = float(rng.randint(1, 100))
                        day = rng.randint(300, HISTORY)
                        self.moves_by_day[day].append(
                            (36000, "inventory", p["index"], wh, qty, None, None))
                        self.quants.append((p["index"], wh, qty, day))
                    continue
                days = oldest - newest + 1
                avg = sold[key] / days
                roll = rng.random()
                if p["profile"] in ("slow", "dead"):
                    on_hand = max(1.0, round(avg * rng.uniform(20, 200)))
                elif roll < 0.08:
                    on_hand = 0.0  # stockout
                elif roll < 0.20:
                    on_hand = float(round(avg * rng.uniform(150, 400)))  # overstock
                else:  # a few units at least, up to 2.5 months of sales
                    on_hand = float(max(rng.randint(1, 4), round(avg * rng.uniform(8, 75))))
                total_in = sold[key] - returned[key] + on_hand
                first_day = oldest if p["profile"] == "new" else HISTORY + 1
                initial = 0.0 if p["profile"] == "new" else float(
                    round(total_in * rng.uniform(0.05, 0.25)))
                if initial:
                    self.moves_by_day[first_day].append(
                        (30000, "inventory", p["index"], wh, initial, None, None))
                last_in = self._draw_receipts(p, wh, total_in - initial, avg, last_sale[key])
                if on_hand:
                    self.quants.append((p["index"], wh, on_hand,
                                        last_in if last_in is not None else first_day))
                self._draw_pending(p, wh, avg, on_hand)

    def _draw_receipts(self, p, wh, quantity, avg, last_sale_day):
        """Receipts spread over the sales window; returns the day of the last one."""
        rng = self.rng
        if quantity <= 0:
            return None
        oldest, newest = p["window"]
        span = oldest - max(newest, last_sale_day)
        cycle = rng.uniform(14, 45)
        lot = max(6, p["sellers"][0][2])  # no receipt of fewer than 6 units or the min qty
        count = int(max(1, min(40, span / cycle, quantity / lot)))
        shares = [1.0 + rng.random() for _ in range(count)]
        scale = quantity / sum(shares)
        left, last_day = quantity, None
        for k in range(count):
            qty = left if k == count - 1 else float(max(1, round(shares[k] * scale)))
            qty = min(qty, left)
            if qty <= 0:
                break
            left -= qty
            day = max(1, oldest - int(k * span / count) - rng.randint(0, 3))
            sec = 25200 + int(rng.random() * 36000)
            pol = self._purchase_line(p, wh, qty, day, sec) if p["po_linked"] else None
            self.moves_by_day[day].append(
                (sec, "in", p["index"], wh, qty, self.vendor_ids[p["vendor"]], pol))
            self.counts["moves_done_receipt"] += 1
            last_day = day
        return last_day

    def _purchase_line(self, p, wh, qty, day, sec, received=True):
        """A line of a confirmed purchase order of the product's main vendor."""
        rng = self.rng
        vendor, delay, _min_qty, price = p["sellers"][0]
        done_at = self.datetime_at(day, sec)
        if received:
            lead = lead_time(rng, VENDORS[vendor][2], delay)
            approved = done_at - timedelta(days=lead)
        else:
            approved = self.datetime_at(rng.randint(1, 5), 32400 + rng.randint(0, 28800))
        po_key = (vendor, wh, approved.date(), received)
        header = self.po_headers.get(po_key)
        if header is None or (received and approved < header["date_approve"]):
            header = dict(header or {"effective": done_at}, date_approve=approved)
            self.po_headers[po_key] = header
        header["effective"] = min(header["effective"], done_at)
        header["delay"] = delay
        self.po_lines.append((po_key, p["index"], qty, price, qty if received else 0.0,
                              approved + timedelta(days=delay)))
        return len(self.po_lines) - 1  # index, replaced by the line's id at insert time

    def _draw_pending(self, p, wh, avg, on_hand):
        """Open sales (confirmed deliveries) and open purchases (confirmed receipts)."""
        rng = self.rng
        if p["profile"] not in ("normal", "new"):
            return
        if rng.random() < (0.5 if not on_hand else 0.12):
            for _ in range(rng.randint(1, 3)):
                qty = float(max(1, round(avg * rng.uniform(1, 7))))
                day = -rng.randint(0, 5)
                self.moves_by_day[day].append(
                    (43200, "pending_out", p["index"], wh, qty,
                     self.customer_ids[rng.randrange(len(self.customer_ids))], None))
                self.counts["moves_pending_delivery"] += 1
        if p["po_linked"] and rng.random() < 0.15:
            qty = float(max(1, round(avg * 30)))
            day = -rng.randint(1, 10)
            pol = self._purchase_line(p, wh, qty, day, 36000, received=False)
            self.moves_by_day[day].append(
                (36000, "pending_in", p["index"], wh, qty, self.vendor_ids[p["vendor"]], pol))
            self.counts["moves_pending_receipt"] += 1

    def datetime_at(self, days_before, seconds):
        """Naive datetime ``seconds`` after midnight, ``days_before`` the anchor day."""
        return at(self.today - timedelta(days=days_before), seconds=seconds)
