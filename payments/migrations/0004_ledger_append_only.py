"""What PostgreSQL enforces of the ledger by itself, whatever code writes to it.

- Journal entries and transfers are append-only: UPDATE and DELETE are refused row by row
  (TRUNCATE is not a row operation, so the test suite can still flush its tables).
- An account is born with its four totals at zero, and only a transfer moves them: inserting a
  transfer applies it to its two accounts (this trigger, not the service, does the arithmetic on
  PostgreSQL), and any other change of the totals is refused. So each account's totals equal the
  sum of its transfers, and all accounts together sum to zero, at every commit.
- A resolution (post or void) names a transfer still pending, between the same two accounts; a
  void carries the whole pending amount, a post at most that.
- At commit (DEFERRABLE INITIALLY DEFERRED, as django-hordak checks its legs), each journal
  entry has at least one transfer.

Errors are raised with SQLSTATE class 23 (integrity), so Django raises IntegrityError.
On SQLite this migration does nothing: `ledger_post` applies the transfers itself, and
`payments_audit` recomputes everything from the transfers."""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION payments_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger: % on % is refused: the ledger is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER payments_journalentry_append_only
    BEFORE UPDATE OR DELETE ON payments_journalentry
    FOR EACH ROW EXECUTE FUNCTION payments_ledger_append_only();
CREATE TRIGGER payments_transfer_append_only
    BEFORE UPDATE OR DELETE ON payments_transfer
    FOR EACH ROW EXECUTE FUNCTION payments_ledger_append_only();

-- Accounts start at zero; their totals move only from payments_transfer_apply (one trigger
-- level down: pg_trigger_depth() counts the trigger that is running this UPDATE).
CREATE FUNCTION payments_ledgeraccount_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.debits_posted <> 0 OR NEW.credits_posted <> 0
           OR NEW.debits_pending <> 0 OR NEW.credits_pending <> 0 THEN
            RAISE EXCEPTION 'ledger: account % must start at zero; only transfers move money', NEW.code
                USING ERRCODE = 'check_violation';
        END IF;
    ELSIF (NEW.debits_posted, NEW.credits_posted, NEW.debits_pending, NEW.credits_pending)
          IS DISTINCT FROM
          (OLD.debits_posted, OLD.credits_posted, OLD.debits_pending, OLD.credits_pending)
          AND pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'ledger: the totals of account % change only by inserting transfers', OLD.code
            USING ERRCODE = 'restrict_violation';
    ELSIF NEW.id <> OLD.id THEN
        RAISE EXCEPTION 'ledger: an account keeps its id' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER payments_ledgeraccount_guard
    BEFORE INSERT OR UPDATE ON payments_ledgeraccount
    FOR EACH ROW EXECUTE FUNCTION payments_ledgeraccount_guard();

CREATE FUNCTION payments_transfer_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    held payments_transfer%ROWTYPE;
BEGIN
    IF NEW.pending_id IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT * INTO held FROM payments_transfer WHERE id = NEW.pending_id;
    IF held.phase IS DISTINCT FROM 'pending' THEN
        RAISE EXCEPTION 'ledger: transfer % is not pending', NEW.pending_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.debit_account_id <> held.debit_account_id OR NEW.credit_account_id <> held.credit_account_id THEN
        RAISE EXCEPTION 'ledger: a resolution moves between the accounts of its pending transfer'
            USING ERRCODE = 'check_violation';
    END IF;
    IF (NEW.phase = 'void_pending' AND NEW.amount <> held.amount)
       OR (NEW.phase = 'post_pending' AND NEW.amount > held.amount) THEN
        RAISE EXCEPTION 'ledger: a void carries the pending amount, a post at most that'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER payments_transfer_check
    BEFORE INSERT ON payments_transfer
    FOR EACH ROW EXECUTE FUNCTION payments_transfer_check();

-- One UPDATE per account per INSERT statement (ledger_post inserts an entry's transfers in
-- one statement), so an account touched by three transfers of a release is written once. The
-- flags' CHECK constraints on the account row judge the result.
CREATE FUNCTION payments_transfer_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE payments_ledgeraccount AS a SET
        debits_posted = a.debits_posted + d.debits_posted,
        credits_posted = a.credits_posted + d.credits_posted,
        debits_pending = a.debits_pending + d.debits_pending,
        credits_pending = a.credits_pending + d.credits_pending
    FROM (
        SELECT side.account_id,
               sum(side.debits_posted) AS debits_posted, sum(side.credits_posted) AS credits_posted,
               sum(side.debits_pending) AS debits_pending, sum(side.credits_pending) AS credits_pending
        FROM (
            SELECT t.debit_account_id AS account_id,
                   CASE WHEN t.phase IN ('posted', 'post_pending') THEN t.amount ELSE 0 END AS debits_posted,
                   0::bigint AS credits_posted,
                   CASE WHEN t.phase = 'pending' THEN t.amount ELSE -coalesce(p.amount, 0) END AS debits_pending,
                   0::bigint AS credits_pending
            FROM new_transfers AS t LEFT JOIN payments_transfer AS p ON p.id = t.pending_id
            UNION ALL
            SELECT t.credit_account_id,
                   0::bigint,
                   CASE WHEN t.phase IN ('posted', 'post_pending') THEN t.amount ELSE 0 END,
                   0::bigint,
                   CASE WHEN t.phase = 'pending' THEN t.amount ELSE -coalesce(p.amount, 0) END
            FROM new_transfers AS t LEFT JOIN payments_transfer AS p ON p.id = t.pending_id
        ) AS side
        GROUP BY side.account_id
    ) AS d
    WHERE a.id = d.account_id;
    RETURN NULL;
END $$;

CREATE TRIGGER payments_transfer_apply
    AFTER INSERT ON payments_transfer
    REFERENCING NEW TABLE AS new_transfers
    FOR EACH STATEMENT EXECUTE FUNCTION payments_transfer_apply();

CREATE FUNCTION payments_journalentry_has_transfers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM payments_transfer WHERE entry_id = NEW.id) THEN
        RAISE EXCEPTION 'ledger: journal entry % has no transfers', NEW.key
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER payments_journalentry_has_transfers
    AFTER INSERT ON payments_journalentry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION payments_journalentry_has_transfers();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS payments_journalentry_has_transfers ON payments_journalentry;
DROP TRIGGER IF EXISTS payments_transfer_apply ON payments_transfer;
DROP TRIGGER IF EXISTS payments_transfer_check ON payments_transfer;
DROP TRIGGER IF EXISTS payments_ledgeraccount_guard ON payments_ledgeraccount;
DROP TRIGGER IF EXISTS payments_transfer_append_only ON payments_transfer;
DROP TRIGGER IF EXISTS payments_journalentry_append_only ON payments_journalentry;
DROP FUNCTION IF EXISTS payments_journalentry_has_transfers();
DROP FUNCTION IF EXISTS payments_transfer_apply();
DROP FUNCTION IF EXISTS payments_transfer_check();
DROP FUNCTION IF EXISTS payments_ledgeraccount_guard();
DROP FUNCTION IF EXISTS payments_ledger_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("payments", "0003_settle_settlement")]

    operations = [migrations.RunPython(forward, backward)]
