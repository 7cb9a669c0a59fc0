-- Foreign keys with referential actions.
-- setup
CREATE TABLE parent (id int PRIMARY KEY, name text);
CREATE TABLE child_cascade (id int PRIMARY KEY, parent_id int REFERENCES parent ON DELETE CASCADE);
CREATE TABLE child_null (id int PRIMARY KEY, parent_id int REFERENCES parent (id) ON DELETE SET NULL ON UPDATE SET NULL);
CREATE TABLE child_default (id int PRIMARY KEY, parent_id int DEFAULT 0 REFERENCES parent ON DELETE SET DEFAULT);
CREATE TABLE grandchild (id int PRIMARY KEY, child_id int REFERENCES child_cascade ON DELETE CASCADE);
CREATE TABLE child_strict (id int PRIMARY KEY, parent_id int REFERENCES parent ON DELETE RESTRICT);
INSERT INTO parent VALUES (0, 'zero'), (1, 'one'), (2, 'two'), (3, 'three');
INSERT INTO child_cascade VALUES (10, 1), (11, 1), (12, 2);
INSERT INTO child_null VALUES (20, 1), (21, 2);
INSERT INTO child_default VALUES (30, 1), (31, 3);
INSERT INTO grandchild VALUES (100, 10), (101, 12);
INSERT INTO child_strict VALUES (40, 3);
-- tests
DELETE FROM parent WHERE id = 1;
SELECT * FROM child_cascade ORDER BY id;
SELECT * FROM child_null ORDER BY id;
SELECT * FROM child_default ORDER BY id;
SELECT * FROM grandchild ORDER BY id;
UPDATE parent SET id = 5 WHERE id = 2;
SELECT * FROM child_null ORDER BY id;
DELETE FROM parent WHERE id = 3;
DELETE FROM child_strict;
DELETE FROM parent WHERE id = 3;
SELECT * FROM child_default ORDER BY id;
DELETE FROM parent WHERE id = 0;
INSERT INTO child_cascade VALUES (13, 99);
SELECT id FROM parent ORDER BY id;
