//! surveys KPIs (SPEC section 4). Not computed yet.

use super::Family;
use crate::engine::config::Config;
use crate::engine::dataset::Dataset;

/// Prepare the surveys families that the loaded files allow.
pub fn families<'a>(_data: &'a Dataset, _config: &Config) -> Vec<Box<dyn Family + 'a>> {
    Vec::new()
}
