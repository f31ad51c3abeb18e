-- Databases of the scaled deployment (docs/deployment.md): tracker store, event broker.
-- "cluster" (tickets, feedback) is created by the image from POSTGRES_DB.
CREATE DATABASE rasa;
CREATE DATABASE analytics;
