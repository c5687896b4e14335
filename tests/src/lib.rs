//! Shared helpers of the nanvm integration tests.
