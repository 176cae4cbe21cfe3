//! cxkpi computes customer-service KPIs from helpdesk, call-center, survey,
//! CRM and shop CSV exports, on the machine the data is on.
#![warn(missing_docs)]

pub mod engine;
#[cfg(target_arch = "wasm32")]
mod wasm;
