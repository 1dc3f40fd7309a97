//! The e-mail of a pack: localized subject, a plain-text body and its HTML alternative (the
//! `mail.html` template), and the pack's files attached.

use std::path::Path;
use std::str::FromStr;

use anyhow::{Context, Result, anyhow};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use serde::Serialize;
use tera::{Context as TeraContext, Tera};

use crate::config::{Attach, ClientOptions, WorkspaceOptions};
use crate::pack::locale::{Format, label, text};
use crate::period::Period;
use crate::render::templates::Templates;

/// A file attached to a message.
#[derive(Debug, Clone)]
pub struct File {
    /// File name shown to the reader.
    pub name: String,
    /// MIME type.
    pub content_type: &'static str,
    /// Content.
    pub bytes: Vec<u8>,
}

/// Reads the attachments of a built pack: `pack.pdf` and/or `pack.html`, named after the
/// client, level and period so a reader's downloads folder stays readable.
pub fn pack_files(dir: &Path, attach: Attach, base_name: &str) -> Result<Vec<File>> {
    let mut files = Vec::new();
    for (wanted, file, extension, content_type) in [
        (attach.pdf, "pack.pdf", "pdf", "application/pdf"),
        (attach.html, "pack.html", "html", "text/html; charset=utf-8"),
    ] {
        if !wanted {
            continue;
        }
        let path = dir.join(file);
        let bytes = std::fs::read(&path).with_context(|| {
            format!(
                "cannot read `{}` to attach it (was the pack built with that format?)",
                path.display()
            )
        })?;
        files.push(File {
            name: format!("{base_name}.{extension}"),
            content_type,
            bytes,
        });
    }
    Ok(files)
}

/// Who receives a client's packs of a level: the level's `recipients` when configured, else the
/// stakeholders whose `levels` include it. Each address once.
pub fn recipients(client: &ClientOptions, level: &str) -> Vec<Mailbox> {
    let listed: Vec<Mailbox> = match client.recipients.get(level) {
        Some(list) => list
            .iter()
            .filter_map(|r| Mailbox::from_str(r).ok())
            .collect(),
        None => client
            .stakeholders
            .iter()
            .filter(|s| s.levels.iter().any(|l| l == level))
            .filter_map(|s| {
                let address = lettre::Address::from_str(s.email.trim()).ok()?;
                Some(Mailbox::new(Some(s.name.clone()), address))
            })
            .collect(),
    };
    let mut seen = std::collections::BTreeSet::new();
    listed
        .into_iter()
        .filter(|m| seen.insert(address_key(m)))
        .collect()
}

/// The key a recipient is logged under: the address in lower case.
pub fn address_key(mailbox: &Mailbox) -> String {
    mailbox.email.to_string().to_lowercase()
}

/// What a message says.
pub struct Letter<'a> {
    /// The workspace (MSP name and colours).
    pub workspace: &'a WorkspaceOptions,
    /// The client.
    pub client: &'a ClientOptions,
    /// The label id of the level's title.
    pub level_title: &'a str,
    /// The period.
    pub period: Period,
    /// The HTML part's template.
    pub template: &'a MailTemplate,
    /// Attachments.
    pub files: &'a [File],
}

#[derive(Serialize)]
struct MailView<'a> {
    lang: &'a str,
    subject: &'a str,
    greeting: &'a str,
    body: &'a str,
    attachments_label: &'a str,
    attachments: Vec<&'a str>,
    closing: &'a str,
    msp: &'a str,
    footer: &'a str,
    colors: Colors<'a>,
}

#[derive(Serialize)]
struct Colors<'a> {
    primary: &'a str,
}

impl Letter<'_> {
    /// The subject line.
    pub fn subject(&self) -> String {
        let locale = self.client.locale;
        text(
            locale,
            "mail-subject",
            &[
                ("level", text(locale, self.level_title, &[]).into()),
                ("period", Format::new(locale).period(self.period).into()),
                ("client", self.client.name.as_str().into()),
            ],
        )
    }

    /// The message to one recipient.
    pub fn message(&self, from: &Mailbox, to: &Mailbox) -> Result<Message> {
        let locale = self.client.locale;
        let level = text(locale, self.level_title, &[]);
        let period = Format::new(locale).period(self.period);
        let msp = self.workspace.msp.name.as_str();
        let subject = self.subject();
        let greeting = match to.name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => {
                text(locale, "mail-greeting", &[("name", name.into())])
            }
            _ => label(locale, "mail_greeting_anonymous").to_string(),
        };
        let body = text(
            locale,
            "mail-body",
            &[
                ("level", level.as_str().into()),
                ("period", period.as_str().into()),
                ("client", self.client.name.as_str().into()),
                ("msp", msp.into()),
            ],
        );
        let footer = text(locale, "mail-footer", &[("msp", msp.into())]);
        let closing = label(locale, "mail_closing");
        let attachments_label = label(locale, "mail_attachments");
        let names: Vec<&str> = self.files.iter().map(|f| f.name.as_str()).collect();
        let plain = format!(
            "{greeting}\n\n{body}\n\n{attachments_label}:\n{}\n\n{closing}\n{msp}\n\n-- \n{footer}\n",
            names
                .iter()
                .map(|n| format!("- {n}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        let view = MailView {
            lang: crate::pack::locale::language(locale),
            subject: &subject,
            greeting: &greeting,
            body: &body,
            attachments_label,
            attachments: names,
            closing,
            msp,
            footer: &footer,
            colors: Colors {
                primary: &self.workspace.msp.primary_color,
            },
        };
        let html = self.template.render(&view)?;
        let mut mixed =
            MultiPart::mixed().multipart(MultiPart::alternative_plain_html(plain, html));
        for file in self.files {
            let content_type = ContentType::parse(file.content_type)
                .map_err(|e| anyhow!("content type {}: {e}", file.content_type))?;
            mixed = mixed.singlepart(
                Attachment::new(file.name.clone()).body(file.bytes.clone(), content_type),
            );
        }
        Message::builder()
            .from(from.clone())
            .reply_to(from.clone())
            .to(to.clone())
            .subject(subject)
            .date_now()
            .message_id(None)
            .multipart(mixed)
            .map_err(|e| anyhow!("cannot compose the message to {to}: {e}"))
    }
}

/// The `mail.html` template, compiled once for every message of a run.
pub struct MailTemplate(Tera);

impl MailTemplate {
    /// Compiles the workspace's (or the built-in) `mail.html`.
    pub fn new(templates: &Templates) -> Result<Self> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_template("mail.html", templates.get("mail.html")?)
            .map_err(|e| anyhow!("the mail template `mail.html` does not compile:\n{e}"))?;
        Ok(Self(tera))
    }

    fn render(&self, view: &MailView) -> Result<String> {
        let context = TeraContext::from_serialize(view)
            .map_err(|e| anyhow!("cannot pass the message to `mail.html`: {e}"))?;
        self.0
            .render("mail.html", &context)
            .map_err(|e| anyhow!("the mail template `mail.html` failed:\n{e}"))
    }
}
