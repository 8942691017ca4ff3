-- A small shop for the name-mapping tests: a view and a foreign key depend on tables the
-- mapping renames.
CREATE SCHEMA shop;
CREATE TABLE shop.customer (
    id integer PRIMARY KEY,
    full_name text NOT NULL,
    secret text,
    created date DEFAULT CURRENT_DATE
);
COMMENT ON COLUMN shop.customer.created IS 'sign-up day';
CREATE TABLE shop.orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES shop.customer (id),
    total numeric NOT NULL
);
CREATE INDEX orders_customer ON shop.orders (customer_id);
CREATE VIEW shop.big_orders AS
    SELECT o.id, o.total, c.full_name
    FROM shop.orders o JOIN shop.customer c ON c.id = o.customer_id
    WHERE o.total > 100;
CREATE VIEW shop.customer_names AS SELECT full_name FROM shop.customer;
