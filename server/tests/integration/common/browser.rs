//! A browser: its cookies, forms, files and sign-in, and the answers it reads.

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;

/// One HTTP answer, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as sent (for files).
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn location(&self) -> Option<&str> {
        self.headers.get("location").and_then(|v| v.to_str().ok())
    }
}

/// A browser: keeps the session cookie between requests, like a real one.
#[derive(Clone, Debug, Default)]
pub struct Browser {
    pub cookie: Option<String>,
    /// Sent as `X-Forwarded-For` (honoured only with `DVC_TRUST_PROXY=1`).
    pub ip: Option<String>,
    /// Extra headers for every request (e.g. `Origin`).
    pub headers: Vec<(String, String)>,
}

/// `application/x-www-form-urlencoded`, nested names as `form[field]`.
pub fn form_body(fields: &[(&str, &str)]) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    fields
        .iter()
        .map(|(k, v)| {
            format!("{}={}", utf8_percent_encode(k, NON_ALPHANUMERIC), utf8_percent_encode(v, NON_ALPHANUMERIC))
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl Browser {
    pub fn new() -> Self {
        Self::default()
    }

    /// The session token the browser holds.
    pub fn token(&self) -> Option<&str> {
        self.cookie.as_deref()
    }

    pub fn request(&self, builder: axum::http::request::Builder) -> axum::http::request::Builder {
        let mut builder = builder;
        if let Some(token) = &self.cookie {
            builder = builder.header("cookie", format!("lang=vi; dvc_session={token}"));
        }
        if let Some(ip) = &self.ip {
            builder = builder.header("x-forwarded-for", ip.as_str());
        }
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        builder
    }

    /// Sends a request through `router` and keeps any new session cookie.
    pub async fn send(&mut self, router: &Router, request: Request<Body>) -> Reply {
        let response = router.clone().oneshot(request).await.unwrap();
        let (status, headers) = (response.status().as_u16(), response.headers().clone());
        let bytes = super::app::body(response.into_body()).await.to_vec();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        for value in headers.get_all("set-cookie") {
            let value = value.to_str().unwrap();
            if let Some(rest) = value.strip_prefix("dvc_session=") {
                let token = rest.split(';').next().unwrap_or_default();
                self.cookie = (!token.is_empty() && !value.contains("Max-Age=0")).then(|| token.to_owned());
            }
        }
        Reply { status, headers, body, bytes }
    }

    /// GET, answering the status without reading the body.
    pub async fn status(&self, router: &Router, path: &str) -> u16 {
        let request = self.request(Request::get(path)).body(Body::empty()).unwrap();
        router.clone().oneshot(request).await.unwrap().status().as_u16()
    }

    pub async fn get(&mut self, router: &Router, path: &str) -> Reply {
        let request = self.request(Request::get(path)).body(Body::empty()).unwrap();
        self.send(router, request).await
    }

    /// Posts a plain HTML form to `path`.
    pub async fn post_form(&mut self, router: &Router, path: &str, fields: &[(&str, &str)]) -> Reply {
        let request = self
            .request(Request::post(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(form_body(fields)))
            .unwrap();
        self.send(router, request).await
    }

    /// Calls a server function as a script on the page would.
    pub async fn call(&mut self, router: &Router, endpoint: &str, fields: &[(&str, &str)]) -> Reply {
        let request = self
            .request(Request::post(format!("/api/{endpoint}")))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(Body::from(form_body(fields)))
            .unwrap();
        self.send(router, request).await
    }
}

impl Browser {
    /// Calls a server function whose input is JSON.
    pub async fn call_json(&mut self, router: &Router, endpoint: &str, body: &serde_json::Value) -> Reply {
        let request = self
            .request(Request::post(format!("/api/{endpoint}")))
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(router, request).await
    }
}

/// A `multipart/form-data` body: text fields, then files as (field, file name, bytes).
pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----dvc-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    for (name, file_name, bytes) in files {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                 Content-Type: application/pdf\r\n\r\n"
            )
            .bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A small but real PDF.
pub fn pdf(extra_bytes: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    bytes.resize(bytes.len() + extra_bytes, b' ');
    bytes.extend(b"\n%%EOF\n");
    bytes
}

impl Browser {
    /// Uploads files for a draft's document, as the apply page does.
    pub async fn upload(&mut self, router: &Router, draft_id: &str, document: u32, files: &[(&str, &[u8])]) -> Reply {
        self.upload_for(router, ("draft_id", draft_id), document, &[], files).await
    }

    /// Uploads scans to a receiver's intake, with their record (`original`, `doc_type`, …).
    pub async fn scan(
        &mut self,
        router: &Router,
        draft_id: &str,
        document: u32,
        record: &[(&str, &str)],
        files: &[(&str, &[u8])],
    ) -> Reply {
        self.upload_for(router, ("draft_id", draft_id), document, record, files).await
    }

    /// Uploads to a submitted dossier: a supplement, or a result (document 0).
    pub async fn upload_to_dossier(
        &mut self,
        router: &Router,
        code: &str,
        document: u32,
        files: &[(&str, &[u8])],
    ) -> Reply {
        self.upload_for(router, ("dossier", code), document, &[], files).await
    }

    async fn upload_for(
        &mut self,
        router: &Router,
        target: (&str, &str),
        document: u32,
        extra: &[(&str, &str)],
        files: &[(&str, &[u8])],
    ) -> Reply {
        let document = document.to_string();
        let files: Vec<(&str, &str, &[u8])> = files.iter().map(|(name, bytes)| ("file", *name, *bytes)).collect();
        let mut fields = vec![target, ("document", document.as_str())];
        fields.extend_from_slice(extra);
        let (content_type, body) = multipart(&fields, &files);
        let request = self
            .request(Request::post("/uploads"))
            .header("content-type", content_type)
            .header("content-length", body.len())
            .header("accept", "application/json")
            .body(Body::from(body))
            .unwrap();
        self.send(router, request).await
    }
}

/// Registers a citizen (`n` makes the ID number and e-mail unique) and returns
/// their signed-in browser.
pub async fn citizen(router: &Router, n: u32) -> Browser {
    let password = "sông Hồng đỏ nặng phù sa";
    let fields = [
        ("form[full_name]", "Nguyễn Văn An".to_owned()),
        ("form[citizen_id]", format!("001090{n:06}")),
        ("form[birth_date]", "1990-05-17".to_owned()),
        ("form[phone]", "0912345678".to_owned()),
        ("form[email]", format!("citizen{n}@example.vn")),
        ("form[password]", password.to_owned()),
        ("form[password_confirm]", password.to_owned()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut browser = Browser::new();
    let reply = browser.call(router, "register_citizen", &fields).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    browser
}
