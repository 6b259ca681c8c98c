-- The request that caused an event (the gateway's X-Request-Id, or the app's own id), so one
-- id follows a request from nginx through the logs into the outbox event and out to the push
-- message. Null for events no request caused (the scheduler, expiry, batches of many).
alter table outbox_events add column request_id text;
