def migrate(cr, version):
    """RFQ line reasons were stored as sentences; they are kept as the legacy text, shown
    when a line has no facts to render in the reader's language."""
    cr.execute("""
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'purchase_order_line' AND column_name = 'jxc_reason'
    """)
    if cr.fetchone():
        cr.execute("ALTER TABLE purchase_order_line RENAME COLUMN jxc_reason TO jxc_reason_legacy")
