//! The SMTP connection: STARTTLS, implicit TLS or plain on loopback (rustls), login with
//! credentials from the environment, one connection reused for a run's messages, and retries
//! with back-off on temporary failures (4xx replies, refused connections, timeouts).

use std::time::Duration;

use anyhow::{Result, anyhow};
use lettre::address::Envelope;
use lettre::transport::smtp::Error as SmtpError;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::extension::{MailBodyParameter, MailParameter};

use crate::config::{Security, SmtpOptions};

/// Why a message was not delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Nothing can be sent (TLS, login, configuration): stop delivering.
    Fatal(String),
    /// The server refused this message or recipient for good (its reply).
    Rejected(String),
    /// Temporary failures went on through every retry.
    Temporary(String),
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Fatal(m) => write!(f, "{m}"),
            Self::Rejected(m) => write!(f, "rejected by the server: {m}"),
            Self::Temporary(m) => write!(f, "temporary failure after every retry: {m}"),
        }
    }
}

/// A connection to the configured server, opened on first use.
pub struct Mailer {
    options: SmtpOptions,
    credentials: Option<Credentials>,
    tls: Option<TlsParameters>,
    hello: ClientId,
    connection: Option<SmtpConnection>,
    /// Retry waits taken (for tests and the summary).
    pub retries_taken: u32,
}

fn env_value(name: &str, what: &str) -> Result<String> {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => Ok(value),
        _ => Err(anyhow!(
            "the SMTP server needs a login and the {what} is not set: set the environment variable {name} (named by `delivery.smtp.{what_key}_env`), or `delivery.smtp.auth: false` for a server without login",
            what_key = if what == "password" {
                "password"
            } else {
                "username"
            }
        )),
    }
}

fn describe(error: &SmtpError) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        let more = inner.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = inner.source();
    }
    text
}

impl Mailer {
    /// Prepares a mailer: credentials from the environment, TLS settings, the trusted CAs.
    pub fn new(options: &SmtpOptions) -> Result<Self> {
        let credentials = match &options.auth {
            Some((user_env, password_env)) => Some(Credentials::new(
                env_value(user_env, "user name")?,
                env_value(password_env, "password")?,
            )),
            None => None,
        };
        let tls = match options.security {
            Security::None => None,
            Security::StartTls | Security::Tls => {
                let mut builder = TlsParameters::builder(options.host.clone());
                if let Some(path) = &options.ca_file {
                    let pem = std::fs::read(path)
                        .map_err(|e| anyhow!("cannot read `{}`: {e}", path.display()))?;
                    let certificate = Certificate::from_pem(&pem).map_err(|e| {
                        anyhow!("`{}` holds no PEM certificate: {e}", path.display())
                    })?;
                    builder = builder.add_root_certificate(certificate);
                }
                Some(
                    builder
                        .build_rustls()
                        .map_err(|e| anyhow!("TLS settings for {}: {e}", options.host))?,
                )
            }
        };
        Ok(Self {
            options: options.clone(),
            credentials,
            tls,
            hello: ClientId::default(),
            connection: None,
            retries_taken: 0,
        })
    }

    fn server(&self) -> String {
        format!("{}:{}", self.options.host, self.options.port)
    }

    fn open(&self) -> Result<SmtpConnection, SendError> {
        let server = self.server();
        let wrapper = match self.options.security {
            Security::Tls => self.tls.as_ref(),
            _ => None,
        };
        let mut connection = SmtpConnection::connect(
            (self.options.host.as_str(), self.options.port),
            Some(self.options.timeout),
            &self.hello,
            wrapper,
            None,
        )
        .map_err(|e| classify(&e, &server, "connecting"))?;
        if self.options.security == Security::StartTls {
            let tls = self.tls.as_ref().expect("TLS parameters for STARTTLS");
            if !connection.can_starttls() {
                connection.abort();
                return Err(SendError::Fatal(format!(
                    "{server} does not offer STARTTLS; packs are never sent unencrypted to a remote server (use `security: tls` if it expects TLS from the start)"
                )));
            }
            connection
                .starttls(tls, &self.hello)
                .map_err(|e| classify(&e, &server, "starting TLS"))?;
        }
        if let Some(credentials) = &self.credentials
            && let Err(e) = connection.auth(&[Mechanism::Plain, Mechanism::Login], credentials)
        {
            connection.abort();
            return Err(if e.is_transient() || e.is_timeout() {
                classify(&e, &server, "logging in")
            } else {
                SendError::Fatal(format!(
                    "{server} refused the login of the user in {}: {}",
                    self.options
                        .auth
                        .as_ref()
                        .map_or("the configured variable", |(u, _)| u.as_str()),
                    describe(&e)
                ))
            });
        }
        Ok(connection)
    }

    /// Runs `step` with retries and back-off on temporary failures.
    fn with_retries<T>(
        &mut self,
        mut step: impl FnMut(&mut Self) -> Result<T, SendError>,
    ) -> Result<T, SendError> {
        let mut delay = self.options.retry_delay;
        let mut attempt = 0;
        loop {
            match step(self) {
                Err(SendError::Temporary(message)) if attempt < self.options.retries => {
                    attempt += 1;
                    self.retries_taken += 1;
                    eprintln!(
                        "  temporary failure ({message}); retry {attempt} of {} in {:.1} s",
                        self.options.retries,
                        delay.as_secs_f64()
                    );
                    std::thread::sleep(delay);
                    delay = (delay * 2).min(Duration::from_secs(600));
                }
                other => return other,
            }
        }
    }

    /// Connects and logs in (with retries): called before anything is recorded, so wrong
    /// credentials or an unreachable server leave no trace in the delivery log.
    pub fn connect(&mut self) -> Result<(), SendError> {
        if self.connection.is_some() {
            return Ok(());
        }
        let connection = self.with_retries(|mailer| mailer.open())?;
        self.connection = Some(connection);
        Ok(())
    }

    /// Sends one message (with retries), returning the server's reply. `before_content` runs
    /// once the server has accepted sender and recipient and is waiting for the message: the
    /// last moment before it may hold a copy (the delivery log's `sending` line).
    pub fn send(
        &mut self,
        envelope: &Envelope,
        bytes: &[u8],
        before_content: &mut dyn FnMut() -> Result<(), String>,
    ) -> Result<String, SendError> {
        self.with_retries(|mailer| {
            let reusable = mailer
                .connection
                .as_mut()
                .is_some_and(|c| !c.has_broken() && c.test_connected());
            if !reusable {
                if let Some(mut old) = mailer.connection.take() {
                    old.abort();
                }
                mailer.connection = Some(mailer.open()?);
            }
            let server = mailer.server();
            let connection = mailer.connection.as_mut().expect("connection just opened");
            let result = transaction(connection, envelope, bytes, before_content);
            if result.is_err()
                && let Some(mut broken) = mailer.connection.take()
            {
                broken.abort();
            }
            result.map_err(|e| match e {
                Step::Smtp(e) => classify(&e, &server, "sending"),
                Step::Log(message) => SendError::Fatal(message),
            })
        })
    }

    /// Ends the session politely.
    pub fn close(&mut self) {
        if let Some(mut connection) = self.connection.take() {
            let _ = connection.quit();
        }
    }
}

impl Drop for Mailer {
    fn drop(&mut self) {
        self.close();
    }
}

enum Step {
    Smtp(SmtpError),
    Log(String),
}

/// One SMTP transaction by hand (MAIL, RCPT, DATA, content), so the caller can record the
/// delivery just before the content goes out.
fn transaction(
    connection: &mut SmtpConnection,
    envelope: &Envelope,
    bytes: &[u8],
    before_content: &mut dyn FnMut() -> Result<(), String>,
) -> Result<String, Step> {
    let mut options = Vec::new();
    let non_ascii = envelope
        .from()
        .into_iter()
        .chain(envelope.to())
        .any(|a| !a.to_string().is_ascii());
    if non_ascii {
        options.push(MailParameter::SmtpUtfEight);
    }
    if !bytes.is_ascii() {
        options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    connection
        .command(Mail::new(envelope.from().cloned(), options))
        .map_err(Step::Smtp)?;
    for to in envelope.to() {
        connection
            .command(Rcpt::new(to.clone(), Vec::new()))
            .map_err(Step::Smtp)?;
    }
    connection.command(Data).map_err(Step::Smtp)?;
    before_content().map_err(Step::Log)?;
    let response = connection.message(bytes).map_err(Step::Smtp)?;
    Ok(format!(
        "{} {}",
        response.code(),
        response.message().collect::<Vec<_>>().join(" ")
    ))
}

fn classify(error: &SmtpError, server: &str, doing: &str) -> SendError {
    let text = format!("{server} while {doing}: {}", describe(error));
    if error.is_permanent() {
        SendError::Rejected(text)
    } else if error.is_tls() {
        SendError::Fatal(format!(
            "{text} (is the server's certificate signed by a CA this machine or `delivery.smtp.ca_file` trusts, for the name `{}`?)",
            server.rsplit_once(':').map_or(server, |(h, _)| h)
        ))
    } else {
        SendError::Temporary(text)
    }
}
