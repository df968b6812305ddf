-- Schema 8 (HPI Studio 0.2.0): tract boundaries for maps, and the overview of
-- a project's data kept between openings.
--
-- A boundary file (Census Shapefile zip or GeoJSON) is not a run input, so it
-- is recorded apart from `imports` (whose kinds a run's fingerprint covers).
CREATE TABLE boundary_imports (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT    NOT NULL,
    file_size   INTEGER NOT NULL,
    sha256      TEXT    NOT NULL,
    imported_at TEXT    NOT NULL,
    features    INTEGER NOT NULL,
    matched     INTEGER NOT NULL
);

-- One tract's outline, simplified at import for drawing: a JSON array of
-- rings, each a flat array [lon, lat, lon, lat, …] in degrees (outer rings
-- and holes alike; drawn with the even-odd rule). A later import replaces
-- the tracts it holds.
CREATE TABLE tract_boundaries (
    tract     TEXT    PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES boundary_imports (id),
    feature   INTEGER NOT NULL,
    rings     TEXT    NOT NULL
) WITHOUT ROWID;

-- The overview of the inputs whose fingerprint it carries, computed again
-- when the inputs change: part 'overview' holds the sales and repeat pairs
-- per year, part 'coverage/CBSA' each of that CBSA's tracts' half-pairs per
-- year (apart, so that showing one CBSA reads only its own).
CREATE TABLE overview (
    fingerprint TEXT NOT NULL,
    part        TEXT NOT NULL,
    report      TEXT NOT NULL,  -- JSON
    PRIMARY KEY (fingerprint, part)
) WITHOUT ROWID;
