-- The two database roles Kompas runs with (run once, as a superuser, on a new cluster;
-- docker-compose runs it on the postgres container's first start).
--
-- kompas_owner owns the database and its tables: only `manage.py migrate` (and backups)
--   connect as it. It is no superuser, so it cannot switch triggers off globally, and the
--   guards refuse it TRUNCATE.
-- kompas_app is what the web server, worker and beat connect as: it may read and write
--   rows (SELECT, INSERT, UPDATE, DELETE) and owns nothing, so it can neither
--   `ALTER TABLE … DISABLE TRIGGER` nor drop or truncate a table. `manage.py check
--   --database default` warns when the app connects as an owner or a superuser.
--
-- Passwords come from psql variables: psql -v owner_password=… -v app_password=… -f roles.sql
CREATE ROLE kompas_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE kompas_app LOGIN PASSWORD :'app_password';
CREATE DATABASE kompas OWNER kompas_owner;
\connect kompas
ALTER SCHEMA public OWNER TO kompas_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO kompas_app;
-- Every table and sequence the migrations create is open to the app for rows only.
ALTER DEFAULT PRIVILEGES FOR ROLE kompas_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO kompas_app;
ALTER DEFAULT PRIVILEGES FOR ROLE kompas_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO kompas_app;
