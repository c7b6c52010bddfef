//! A minimal HTTP/1.1 client for nodeos' JSON API: one POST per
//! connection (`Connection: close`), plain `http://` only, chunked or
//! length-delimited bodies. Enough for a local or LAN node; put a TLS
//! proxy in front for anything else.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// Where the node listens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    /// Path prefix (no trailing slash), usually empty.
    pub prefix: String,
}

impl Endpoint {
    /// Parses `http://host[:port][/prefix]` (port 80 by default).
    pub fn parse(url: &str) -> Result<Endpoint, String> {
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| format!("node URL {url:?}: only http:// is supported"))?;
        let (authority, prefix) = match rest.find('/') {
            Some(i) => (&rest[..i], rest[i..].trim_end_matches('/')),
            None => (rest, ""),
        };
        let bad_port = || format!("node URL {url:?}: bad port");
        let (host, port) = match authority.strip_prefix('[') {
            // [v6 address]:port
            Some(v6) => match v6.split_once(']') {
                Some((h, "")) => (h, 80),
                Some((h, p)) => (
                    h,
                    p.strip_prefix(':')
                        .and_then(|p| p.parse::<u16>().ok())
                        .ok_or_else(bad_port)?,
                ),
                None => return Err(format!("node URL {url:?}: unclosed [")),
            },
            None => match authority.rsplit_once(':') {
                Some((h, p)) => (h, p.parse::<u16>().map_err(|_| bad_port())?),
                None => (authority, 80),
            },
        };
        if host.is_empty() {
            return Err(format!("node URL {url:?}: no host"));
        }
        Ok(Endpoint {
            host: host.to_string(),
            port,
            prefix: prefix.to_string(),
        })
    }
}

/// A response: status code and body text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub body: String,
}

/// POSTs `body` (JSON) to `path`. `Err` means no usable response
/// (connection refused, timeout, malformed reply).
pub fn post(ep: &Endpoint, path: &str, body: &str, timeout: Duration) -> Result<Response, String> {
    let addr = (ep.host.as_str(), ep.port)
        .to_socket_addrs()
        .map_err(|e| format!("{}:{}: {e}", ep.host, ep.port))?
        .next()
        .ok_or_else(|| format!("{}: no address", ep.host))?;
    let mut stream = TcpStream::connect_timeout(&addr, timeout)
        .map_err(|e| format!("connecting to {addr}: {e}"))?;
    stream
        .set_read_timeout(Some(timeout))
        .and_then(|()| stream.set_write_timeout(Some(timeout)))
        .map_err(|e| e.to_string())?;
    let request = format!(
        "POST {}{path} HTTP/1.1\r\nHost: {}:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        ep.prefix,
        ep.host,
        ep.port,
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("sending to {addr}: {e}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| format!("reading from {addr}: {e}"))?;
    parse_response(&raw)
}

/// Splits a raw HTTP/1.1 response into status and (de-chunked) body.
pub fn parse_response(raw: &[u8]) -> Result<Response, String> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("malformed HTTP response: no header end")?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let body = &raw[split + 4..];
    let status_line = head.lines().next().unwrap_or("");
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .filter(|_| status_line.starts_with("HTTP/1."))
        .ok_or_else(|| format!("malformed HTTP status line {status_line:?}"))?;
    let chunked = head.lines().any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    let body = if chunked {
        dechunk(body)?
    } else {
        body.to_vec()
    };
    Ok(Response {
        status,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let eol = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("malformed chunked body")?;
        let size_text = String::from_utf8_lossy(&rest[..eol]);
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("malformed chunk size {size_text:?}"))?;
        rest = &rest[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        if rest.len() < size {
            return Err("truncated chunked body".into());
        }
        out.extend_from_slice(&rest[..size]);
        rest = rest[size..].strip_prefix(b"\r\n").unwrap_or(&rest[size..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn urls() {
        assert_eq!(
            Endpoint::parse("http://127.0.0.1:18888").unwrap(),
            Endpoint {
                host: "127.0.0.1".into(),
                port: 18888,
                prefix: String::new()
            }
        );
        let e = Endpoint::parse("http://node.example/api/").unwrap();
        assert_eq!((e.port, e.prefix.as_str()), (80, "/api"));
        assert_eq!(Endpoint::parse("http://[::1]:8888").unwrap().host, "::1");
        assert!(Endpoint::parse("https://x").is_err());
        assert!(Endpoint::parse("http://x:port").is_err());
        assert!(Endpoint::parse("http://:80").is_err());
    }

    #[test]
    fn plain_and_chunked_bodies() {
        let r = parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}").unwrap();
        assert_eq!((r.status, r.body.as_str()), (200, "{}"));
        let r = parse_response(
            b"HTTP/1.1 500 Internal\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3;x=1\r\n:1}\r\n0\r\n\r\n",
        )
        .unwrap();
        assert_eq!((r.status, r.body.as_str()), (500, "{\"a\":1}"));
        assert!(parse_response(b"garbage").is_err());
        assert!(parse_response(b"SMTP 200\r\n\r\n").is_err());
        assert!(
            parse_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nff\r\nab")
                .is_err()
        );
    }

    #[test]
    fn posts_to_a_local_server() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            let mut buf = [0u8; 4096];
            let mut got = Vec::new();
            while !got.windows(2).any(|w| w == b"{}") {
                let n = s.read(&mut buf).unwrap();
                got.extend_from_slice(&buf[..n]);
            }
            s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{\"ok\":true}")
                .unwrap();
            String::from_utf8(got).unwrap()
        });
        let ep = Endpoint::parse(&format!("http://127.0.0.1:{port}")).unwrap();
        let r = post(&ep, "/v1/chain/get_info", "{}", Duration::from_secs(5)).unwrap();
        assert_eq!(r.body, "{\"ok\":true}");
        let request = server.join().unwrap();
        assert!(request.starts_with("POST /v1/chain/get_info HTTP/1.1\r\n"));
        assert!(request.contains("Content-Length: 2\r\n"));
    }

    #[test]
    fn refused_connection_is_an_error() {
        // Bind then drop: the port is (almost certainly) closed now.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let ep = Endpoint::parse(&format!("http://127.0.0.1:{port}")).unwrap();
        assert!(post(&ep, "/", "{}", Duration::from_secs(2)).is_err());
    }
}
