//! Rendering pack data into documents: HTML through tera, PDF through an embedded typst.

pub mod html;
pub mod pdf;
pub mod templates;
pub mod text;
