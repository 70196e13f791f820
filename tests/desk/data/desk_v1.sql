-- A desk database made by desk schema version 1 (agent_desk at 49f254f): a call that ended,
-- its wrap-up owed, a half-typed draft and the call waiting in the outbox. Regenerate
-- only from that version's code: it is the file a desk upgrades from.
BEGIN TRANSACTION;
CREATE TABLE callbacks (
	id CHAR(32) NOT NULL, 
	lead_id CHAR(32) NOT NULL, 
	owner_user_id INTEGER, 
	due_at DATETIME NOT NULL, 
	status VARCHAR(12) NOT NULL, 
	lead_name VARCHAR(120) NOT NULL, 
	phone_e164 VARCHAR(20) NOT NULL, 
	notified_at DATETIME, 
	PRIMARY KEY (id)
);
CREATE TABLE calls (
	id CHAR(32) NOT NULL, 
	lead_id CHAR(32), 
	campaign_id INTEGER, 
	phone_e164 VARCHAR(20) NOT NULL, 
	direction VARCHAR(3) NOT NULL, 
	started_at DATETIME NOT NULL, 
	answered_at DATETIME, 
	ended_at DATETIME NOT NULL, 
	ring_count INTEGER NOT NULL, 
	talk_seconds INTEGER NOT NULL, 
	end_reason VARCHAR(24) NOT NULL, 
	training BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "calls" VALUES('11111111222243338444555555555555','66666666777748889999000000000000',1,'+8613800000000','out','2026-11-25 02:00:00.000000','2026-11-25 02:00:05.000000','2026-11-25 02:00:47.000000',1,42,'agent_hangup',0);
CREATE TABLE dnc (
	phone_e164 VARCHAR(20) NOT NULL, 
	reason VARCHAR(200) NOT NULL, 
	added_at DATETIME NOT NULL, 
	PRIMARY KEY (phone_e164)
);
CREATE TABLE kv (
	"key" VARCHAR(64) NOT NULL, 
	value JSON NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "kv" VALUES('schema_version',1);
INSERT INTO "kv" VALUES('desk_id','"desk-v1fixture0"');
CREATE TABLE leads (
	id CHAR(32) NOT NULL, 
	campaign_id INTEGER NOT NULL, 
	phone_e164 VARCHAR(20) NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	company VARCHAR(200) NOT NULL, 
	extra JSON NOT NULL, 
	timezone VARCHAR(64) NOT NULL, 
	priority INTEGER NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	attempts INTEGER NOT NULL, 
	next_attempt_at DATETIME, 
	last_attempt_at DATETIME, 
	leased BOOLEAN NOT NULL, 
	lease_expires_at DATETIME, 
	queue_rank INTEGER NOT NULL, 
	worked_locally_at DATETIME, 
	PRIMARY KEY (id)
);
CREATE TABLE outbox (
	seq INTEGER NOT NULL, 
	kind VARCHAR(24) NOT NULL, 
	entity_id VARCHAR(64) NOT NULL, 
	payload JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	pushed_at DATETIME, 
	attempts INTEGER NOT NULL, 
	last_error TEXT NOT NULL, 
	PRIMARY KEY (seq)
);
INSERT INTO "outbox" VALUES(1,'call','11111111-2222-4333-8444-555555555555','{"id": "11111111-2222-4333-8444-555555555555", "lead_id": "66666666-7777-4888-9999-000000000000", "campaign_id": 1, "phone_e164": "+8613800000000", "direction": "out", "started_at": "2026-11-25T02:00:00+00:00", "answered_at": "2026-11-25T02:00:05+00:00", "ended_at": "2026-11-25T02:00:47+00:00", "ring_count": 1, "talk_seconds": 42, "end_reason": "agent_hangup", "training": false, "desk_id": "desk-v1fixture0", "line_backend": "simulated"}','2026-11-25 02:00:47.000000',NULL,0,'');
CREATE TABLE pending_call (
	id INTEGER NOT NULL, 
	call_id CHAR(32) NOT NULL, 
	lead_id CHAR(32), 
	campaign_id INTEGER, 
	phone_e164 VARCHAR(20) NOT NULL, 
	started_at DATETIME NOT NULL, 
	answered_at DATETIME, 
	ended_at DATETIME, 
	ring_count INTEGER NOT NULL, 
	end_reason VARCHAR(24), 
	training BOOLEAN NOT NULL, 
	draft JSON, 
	draft_saved_at DATETIME, 
	PRIMARY KEY (id)
);
INSERT INTO "pending_call" VALUES(1,'11111111222243338444555555555555','66666666777748889999000000000000',1,'+8613800000000','2026-11-25 02:00:00.000000','2026-11-25 02:00:05.000000','2026-11-25 02:00:47.000000',1,'agent_hangup',0,'{"contact_time": "2026-11-25T02:00:05+00:00", "person": "\u738b\u5148\u751f", "outcome_code": null, "intent": null, "tags": [], "note": "typed before the upgrade", "followup_at": null, "callback_for_team": false, "amount": null, "complaint_summary": "", "opening_done": false, "satisfaction": null}','2026-11-25 02:00:47.000000');
CREATE TABLE wrapups (
	id CHAR(32) NOT NULL, 
	call_id CHAR(32) NOT NULL, 
	lead_id CHAR(32), 
	contact_time DATETIME NOT NULL, 
	outcome_code VARCHAR(40) NOT NULL, 
	form JSON NOT NULL, 
	is_contact BOOLEAN NOT NULL, 
	is_sale BOOLEAN NOT NULL, 
	amends_id CHAR(32), 
	amend_reason TEXT NOT NULL, 
	training BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_outbox_pending ON outbox (pushed_at, seq);
CREATE INDEX ix_leads_phone_e164 ON leads (phone_e164);
CREATE INDEX ix_desk_leads_hopper ON leads (leased, queue_rank);
CREATE INDEX ix_desk_calls_lead ON calls (lead_id, started_at);
CREATE INDEX ix_calls_started_at ON calls (started_at);
CREATE INDEX ix_wrapups_lead_id ON wrapups (lead_id);
CREATE INDEX ix_wrapups_contact_time ON wrapups (contact_time);
CREATE INDEX ix_desk_wrapups_call ON wrapups (call_id);
CREATE INDEX ix_callbacks_lead_id ON callbacks (lead_id);
CREATE INDEX ix_callbacks_due_at ON callbacks (due_at);
COMMIT;
