//! customers KPIs (SPEC section 4). Not computed yet.

use super::Family;
use crate::engine::config::Config;
use crate::engine::load::LoadedFile;

/// Prepare the customers families that the loaded files allow.
pub fn families<'a>(_files: &'a [LoadedFile], _config: &Config) -> Vec<Box<dyn Family + 'a>> {
    Vec::new()
}
