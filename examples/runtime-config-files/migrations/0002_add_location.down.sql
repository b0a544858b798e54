ALTER TABLE items DROP COLUMN location;
