# The two commands a newcomer needs (see README.md). Odoo is found through ODOO_SRC.
.PHONY: demo test lint help

help:
	@echo "make demo   Odoo 18 with jxc_balance and demo data on http://localhost:8069 (admin/admin)"
	@echo "make test   every test (lint, pytest, Odoo tests and tours); ends with 'N passed, N failed'"

demo:
	@bash scripts/demo.sh

test:
	@bash scripts/test.sh

lint:
	@JXC_SKIP_PYTEST=1 JXC_SKIP_ODOO=1 bash scripts/test.sh
