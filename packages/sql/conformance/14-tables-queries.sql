-- Queries over generated tables: aggregates, joins, subqueries, set operations, INSERT ... SELECT.
-- setup
CREATE TABLE orders (id int PRIMARY KEY, customer int NOT NULL, amount numeric(10, 2), placed date, status text);
CREATE TABLE customers (id int PRIMARY KEY, name text, region text);
INSERT INTO customers SELECT x, 'cust' || x, CASE WHEN x % 3 = 0 THEN 'north' WHEN x % 3 = 1 THEN 'south' ELSE NULL END FROM generate_series(1, 12) x;
INSERT INTO orders SELECT x, x % 12 + 1, (x * 37 % 1000) / 10.0, date '2024-01-01' + x, CASE WHEN x % 4 = 0 THEN 'open' ELSE 'done' END FROM generate_series(1, 200) x;
-- tests
SELECT count(*), sum(amount), min(placed), max(placed) FROM orders;
SELECT status, count(*), round(avg(amount), 2) FROM orders GROUP BY status ORDER BY status;
SELECT c.region, count(o.id), sum(o.amount) FROM customers c JOIN orders o ON o.customer = c.id GROUP BY c.region ORDER BY c.region NULLS FIRST;
SELECT c.name, count(o.id) AS n FROM customers c LEFT JOIN orders o ON o.customer = c.id AND o.status = 'open' GROUP BY c.name HAVING count(o.id) > 4 ORDER BY n DESC, c.name;
SELECT id, amount FROM orders WHERE amount > (SELECT avg(amount) FROM orders) ORDER BY amount DESC, id LIMIT 5;
SELECT name FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer = c.id AND o.amount > 99) ORDER BY name;
SELECT name FROM customers WHERE id NOT IN (SELECT customer FROM orders WHERE status = 'open') ORDER BY id;
SELECT date_trunc('month', placed)::date AS month, count(*) FROM orders GROUP BY 1 ORDER BY 1;
SELECT extract(dow FROM placed) AS dow, sum(amount) FROM orders GROUP BY 1 ORDER BY 1;
SELECT customer, max(amount) FROM orders GROUP BY customer ORDER BY max(amount) DESC, customer LIMIT 3;
SELECT DISTINCT ON (customer) customer, id, amount FROM orders ORDER BY customer, amount DESC, id;
SELECT region FROM customers EXCEPT SELECT 'north' ORDER BY 1;
SELECT string_agg(name, ',' ORDER BY id) FROM customers WHERE region = 'north';
SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer WHERE o.id = 17;
SELECT * FROM orders WHERE id = 17;
SELECT count(*) FROM orders o, customers c WHERE o.customer = c.id AND c.region IS NULL;
WITH totals AS (SELECT customer, sum(amount) AS total FROM orders GROUP BY customer) SELECT c.name, t.total FROM totals t JOIN customers c ON c.id = t.customer WHERE t.total > 900 ORDER BY t.total DESC;
UPDATE orders SET status = 'cancelled' WHERE customer IN (SELECT id FROM customers WHERE region = 'north') AND status = 'open';
SELECT status, count(*) FROM orders GROUP BY status ORDER BY status;
DELETE FROM orders WHERE amount < (SELECT avg(amount) / 10 FROM orders) RETURNING id;
CREATE TABLE big_orders (id int PRIMARY KEY, amount numeric(10, 2));
INSERT INTO big_orders SELECT id, amount FROM orders WHERE amount > 95;
INSERT INTO big_orders (id, amount) SELECT id, amount FROM orders WHERE id = 1 RETURNING *;
SELECT count(*), sum(amount) FROM big_orders;
SELECT b.id FROM big_orders b JOIN orders o USING (id) WHERE o.status = 'done' ORDER BY b.id;
UPDATE customers SET region = coalesce(region, 'west') RETURNING id, region;
SELECT region, count(*) FROM customers GROUP BY ROLLUP (region);
