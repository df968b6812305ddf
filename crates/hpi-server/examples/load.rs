//! A load test of a running `hpi serve`, on loopback only: `clients` threads,
//! each on its own keep-alive connection, read results in turn for `seconds`;
//! prints throughput and latency percentiles per route. Run by
//! `scripts/load-test.sh`, which starts the server, makes the project and keeps
//! an import and a run in flight meanwhile.
//!
//! cargo run --release -p hpi-server --example load -- ADDR TOKEN PROJECT RUN CLIENTS SECONDS

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr, token, project, run, clients, seconds] = &args[..] else {
        eprintln!("usage: load ADDR TOKEN PROJECT RUN CLIENTS SECONDS");
        std::process::exit(2);
    };
    let addr: SocketAddr = addr.parse().expect("an address");
    assert!(addr.ip().is_loopback(), "the load test sends to loopback only");
    let clients: usize = clients.parse().expect("a number of clients");
    let until = Instant::now() + Duration::from_secs(seconds.parse().expect("seconds"));
    let paths = [
        format!("/v1/projects/{project}/runs/{run}/index?format=csv"),
        format!("/v1/projects/{project}/runs/{run}"),
        format!("/v1/projects/{project}/runs?limit=10"),
        "/v1/projects".to_owned(),
    ];
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|n| {
            let (token, paths) = (token.clone(), paths.clone());
            std::thread::spawn(move || client(addr, &token, &paths, n, until))
        })
        .collect();
    let mut by_path: Vec<Vec<f64>> = vec![Vec::new(); paths.len()];
    let mut errors = 0;
    for worker in workers {
        let (times, failed) = worker.join().expect("a client thread");
        for (all, mine) in by_path.iter_mut().zip(times) {
            all.extend(mine);
        }
        errors += failed;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut all: Vec<f64> = by_path.iter().flatten().copied().collect();
    println!("{clients} clients, {elapsed:.1} s, {} requests, {errors} errors", all.len());
    println!("{:<48} {:>9} {:>9} {:>9} {:>9}", "route", "requests", "p50 ms", "p99 ms", "max ms");
    for (path, times) in paths.iter().zip(&mut by_path) {
        report(path, times);
    }
    report("all reads", &mut all);
    println!("throughput: {:.0} requests/s", all.len() as f64 / elapsed);
    if errors > 0 {
        std::process::exit(1);
    }
}

fn report(name: &str, times: &mut [f64]) {
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times.get(((times.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or(f64::NAN);
    println!("{name:<48} {:>9} {:>9.2} {:>9.2} {:>9.2}", times.len(), at(0.5), at(0.99), at(1.0));
}

/// One client: its own connection, the paths in turn from its own starting point.
fn client(addr: SocketAddr, token: &str, paths: &[String], n: usize, until: Instant) -> (Vec<Vec<f64>>, usize) {
    let mut times = vec![Vec::new(); paths.len()];
    let mut failed = 0;
    let mut connection = connect(addr);
    let mut i = n;
    while Instant::now() < until {
        let which = i % paths.len();
        i += 1;
        let start = Instant::now();
        match get(&mut connection, addr, token, &paths[which]) {
            Ok(200) => times[which].push(start.elapsed().as_secs_f64() * 1000.0),
            Ok(status) => {
                failed += 1;
                eprintln!("{}: {status}", paths[which]);
            }
            Err(e) => {
                failed += 1;
                eprintln!("{}: {e}", paths[which]);
                connection = connect(addr);
            }
        }
    }
    (times, failed)
}

fn connect(addr: SocketAddr) -> BufReader<TcpStream> {
    let stream = TcpStream::connect(addr).expect("the server accepts");
    stream.set_nodelay(true).expect("no delay");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("a timeout");
    BufReader::new(stream)
}

/// One GET on a keep-alive connection; the status once the whole body is read.
fn get(connection: &mut BufReader<TcpStream>, addr: SocketAddr, token: &str, path: &str) -> std::io::Result<u16> {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\r\n");
    connection.get_mut().write_all(request.as_bytes())?;
    let mut line = String::new();
    connection.read_line(&mut line)?;
    let status = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        connection.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    connection.read_exact(&mut body)?;
    Ok(status)
}
