//! Metric reports of the block emitter (being written).
