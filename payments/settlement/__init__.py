"""The money of an order after it is paid: escrow release with commission and tax withholding,
refunds, cash on delivery, payouts to sellers and their statements."""
