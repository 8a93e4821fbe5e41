-- 017: where a place is, as decimal degrees (WGS 84), so that the map of
-- the statistics page can draw it. Text as entered ("43.2567"); the map
-- draws only values that read as a latitude and a longitude.
ALTER TABLE place ADD COLUMN latitude TEXT;
ALTER TABLE place ADD COLUMN longitude TEXT;
