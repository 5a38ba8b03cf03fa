-- Databases of auth-service and cliente-service, each owned by a login role of its
-- own, so that neither service can read the other's tables.
--
-- The postgres image runs this file once, with psql as the superuser, when it starts
-- on an empty data volume. The passwords come from the container's environment
-- (AUTH_DB_PASSWORD, CLIENTES_DB_PASSWORD) through \getenv, which needs psql 15 or
-- newer. A missing variable leaves the psql variable unset, so the statement fails
-- and the first start stops with an error instead of creating a role without a
-- password. Remove the volume before starting again, because the image skips this
-- file once the data directory exists.
-- The services apply their own migrations at start.

\getenv auth_password AUTH_DB_PASSWORD
\getenv clientes_password CLIENTES_DB_PASSWORD

CREATE ROLE auth LOGIN PASSWORD :'auth_password';
CREATE DATABASE auth OWNER auth;

CREATE ROLE clientes LOGIN PASSWORD :'clientes_password';
CREATE DATABASE clientes OWNER clientes;
