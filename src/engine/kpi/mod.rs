//! KPI families, one module each (SPEC section 4).
