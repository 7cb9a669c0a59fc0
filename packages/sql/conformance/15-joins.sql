-- Joins over tables: equi-joins (hashed), NULL keys, duplicates, multi-column keys, outer joins.
-- setup
CREATE TABLE l (id int, k1 int, k2 text, amount numeric);
CREATE TABLE r (id int, k1 int, k2 text, amount numeric, v varchar(5));
INSERT INTO l VALUES (1, 1, 'a', 1.0), (2, 1, 'b', 2.50), (3, 2, 'a', NULL), (4, NULL, 'a', 3), (5, 3, NULL, 4), (6, 1, 'a', 1.00);
INSERT INTO r VALUES (10, 1, 'a', 1.00, 'a'), (11, 1, 'a', 2.5, 'b'), (12, 2, 'b', NULL, 'a'), (13, NULL, 'a', 3.0, NULL), (14, 4, 'z', 4.000, 'z');
-- tests
SELECT l.id, r.id FROM l JOIN r ON l.k1 = r.k1 ORDER BY 1, 2;
SELECT l.id, r.id FROM l JOIN r ON l.k1 = r.k1 AND l.k2 = r.k2 ORDER BY 1, 2;
SELECT l.id, r.id FROM l JOIN r ON r.k1 = l.k1 AND l.id < 3 ORDER BY 1, 2;
SELECT l.id, r.id FROM l LEFT JOIN r ON l.k1 = r.k1 AND l.k2 = r.k2 ORDER BY 1, 2;
SELECT l.id, r.id FROM l RIGHT JOIN r ON l.k1 = r.k1 AND l.k2 = r.k2 ORDER BY 2, 1;
SELECT l.id, r.id FROM l FULL JOIN r ON l.k1 = r.k1 AND l.k2 = r.k2 ORDER BY 1, 2;
SELECT l.id, r.id FROM l JOIN r ON l.amount = r.amount ORDER BY 1, 2;
SELECT l.id, r.id FROM l JOIN r ON l.k2 = r.v ORDER BY 1, 2;
SELECT l.id, r.id FROM l JOIN r ON l.k1 + 0 = r.k1 ORDER BY 1, 2;
SELECT * FROM l JOIN r USING (k1, k2) ORDER BY l.id, r.id;
SELECT k1, count(*) FROM l FULL JOIN r USING (k1) GROUP BY k1 ORDER BY k1;
SELECT l.id, r.id FROM l LEFT JOIN r ON l.k1 = r.k1 WHERE r.id IS NULL ORDER BY 1;
SELECT a.id, b.id FROM l a JOIN l b ON a.k1 = b.k1 AND a.id < b.id ORDER BY 1, 2;
SELECT l.id, r.id, x.id FROM l JOIN r ON l.k1 = r.k1 JOIN l x ON x.k2 = r.k2 WHERE l.id = 1 ORDER BY 2, 3;
SELECT l.id FROM l JOIN r ON id = r.id;
SELECT l.id FROM l JOIN r ON l.k1 = r.nosuch;
SELECT l.id, r.id FROM l JOIN r ON l.k1 = r.k1 WHERE r.v = 'a' ORDER BY 1, 2;
SELECT l.id, r.id FROM l JOIN r ON l.k1 = r.k1 WHERE r.v = 'a' AND l.k2 = 'a' ORDER BY 1, 2;
SELECT l.id, r.id FROM l JOIN r ON l.k1 = r.k1 WHERE r.v = 'b' OR l.k2 = 'b' ORDER BY 1, 2;
SELECT l.id, r.id FROM l JOIN r ON l.k1 = r.k1 WHERE v IS NULL OR v > 'a' ORDER BY 1, 2;
SELECT l.id, r.id FROM l JOIN r ON l.k2 = r.k2 WHERE r.amount IS NULL AND l.amount IS NOT NULL AND r.id > 10 ORDER BY 1, 2;
SELECT l.id, r.id FROM l JOIN r ON l.k1 = r.k1 WHERE amount > 1;
SELECT count(*), sum(r.amount), sum(l.amount) FROM l JOIN r ON l.k1 = r.k1 WHERE r.v <> 'z' AND r.amount IS NOT NULL;
SELECT l.k2, count(*) FROM l JOIN r ON l.k1 = r.k1 WHERE r.id <> 11 GROUP BY l.k2 ORDER BY 1;
SELECT l.id FROM l WHERE EXISTS (SELECT 1 FROM r JOIN l x ON r.k1 = x.k1 WHERE x.id = l.id AND r.v = 'a') ORDER BY 1;
SELECT l.id, x.id FROM l JOIN (SELECT * FROM r WHERE r.v = 'a') x ON l.k1 = x.k1 WHERE x.id > 10 ORDER BY 1, 2;
