-- The newest two-factor time step each account has signed in with: a code
-- is accepted once, so one seen over a shoulder or in a proxy's log cannot
-- be replayed within its 30-second window.
ALTER TABLE "user" ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
