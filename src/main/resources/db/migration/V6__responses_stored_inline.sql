-- A response with free-text answers carries its sealed comments (padded, base64url) in its answers,
-- typically 2 to 8 KB. Above the default toast_tuple_target (about 2 KB) PostgreSQL moves such a
-- value out of line into the TOAST table, in 2 KB chunks with an index entry each, after first trying
-- to compress it (ciphertext does not compress). Each response is written twice (holding table, then
-- the mix moves it), so that work doubled. Keeping rows up to a whole page inline halves what every
-- accepted response costs the database (docs/performance.md). Larger rows are still moved out of line.
alter table response_holding set (toast_tuple_target = 8160);
alter table response set (toast_tuple_target = 8160);
