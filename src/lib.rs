//! cxkpi computes customer-service KPIs — first response and resolution
//! times, CSAT, NPS, churn, abandonment, QA scores, goals — from the CSV
//! files that helpdesks, call centers, survey tools and shops export. It
//! runs where the data is: natively as the `cxkpi` command, and in the
//! browser as WebAssembly. No data leaves the machine.
//!
//! The [`engine`] is pure: bytes and a config in, a report out. Files stream
//! through a [`engine::FileLoader`] in chunks of any size; each becomes a
//! columnar table of one of six canonical kinds, and every bad cell becomes
//! an issue with file, line, column and value.
//!
//! ```
//! use cxkpi::engine::{load, report, Config, Dataset, LoadOptions};
//!
//! let csv = "id;created_at;first_response_at\n\
//!            1;02.03.2026 09:00;02.03.2026 09:30\n\
//!            2;02.03.2026 10:00;02.03.2026 12:00\n";
//! let mut data = Dataset::new();
//! data.add(load("tickets.csv", csv.as_bytes(), LoadOptions::default())?)?;
//! let report = report(&data, &Config::default())?;
//! let json = serde_json::to_value(&report).unwrap();
//! assert_eq!(json["metrics"]["tickets.created"]["value"], 2);
//! assert_eq!(json["metrics"]["tickets.first_response_seconds"]["median"], 4500.0);
//! # Ok::<(), cxkpi::engine::Error>(())
//! ```
#![warn(missing_docs)]

pub mod engine;
#[cfg(target_arch = "wasm32")]
mod wasm;
