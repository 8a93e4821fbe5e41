-- Two-factor keys are sealed at rest like witness identities: with the
-- casebook's key (<db>.key, crypto_secretbox), as base64(nonce || box).
-- A key written in clear before this migration stays readable in
-- totp_secret until the casebook is next opened by `vigil serve` or
-- `vigil user` with its key file, which seals it into totp_sealed and
-- empties totp_secret (users_seal_seeds); SQL alone cannot, as it does not
-- hold the key.
ALTER TABLE "user" ADD COLUMN totp_sealed TEXT;
