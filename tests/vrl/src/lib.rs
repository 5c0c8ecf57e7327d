//! Nothing to build: this crate exists for its test, `tests/vrl_functions.rs`, which compiles and
//! runs gwlog's generated VRL functions with the `vrl` crate (kept out of every other crate so
//! only this test pays for compiling VRL).
