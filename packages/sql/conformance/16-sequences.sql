-- Sequences: serial columns, CREATE SEQUENCE, nextval/currval/setval.
-- setup
CREATE TABLE s (id serial PRIMARY KEY, v text);
-- tests
SELECT currval('s_id_seq');
INSERT INTO s (v) VALUES ('a'), ('b') RETURNING id;
SELECT currval('s_id_seq');
SELECT nextval('s_id_seq');
INSERT INTO s (v) VALUES ('c') RETURNING id;
SELECT setval('s_id_seq', 100);
INSERT INTO s (v) VALUES ('d') RETURNING id;
SELECT setval('s_id_seq', 200, false);
INSERT INTO s (v) VALUES ('e') RETURNING id;
CREATE SEQUENCE counter START WITH 5 INCREMENT BY 5;
SELECT nextval('counter'), nextval('counter');
CREATE SEQUENCE down INCREMENT BY -1 START 3 MINVALUE 1;
CREATE SEQUENCE down INCREMENT BY -1 START 3 MINVALUE 1 MAXVALUE 3;
CREATE SEQUENCE bad START 0;
SELECT nextval('down'), nextval('down'), nextval('down');
SELECT nextval('down');
SELECT nextval('nosuch');
DROP SEQUENCE counter;
SELECT nextval('counter');
SELECT id, v FROM s ORDER BY id;
