//! `server [serve]` runs the portal; `server precompress` writes compressed twins
//! of the build's assets; `server create-official
//! --name N --email E --roles r1,r2 [--agency CODE]` creates an official (or,
//! with `--roles system_admin`, a system administrator) and prints the
//! temporary password; `server check-backup` checks a restored copy (every
//! dossier's file present and intact, every signed result verifying) and
//! exits 3 when it is not complete.

use server::config::Config;

#[tokio::main]
async fn main() {
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("Cấu hình sai / bad configuration: {err}");
            std::process::exit(2);
        }
    };
    server::init_tracing(&config);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None | Some("serve") => server::serve(config).await,
        Some("create-official") => create_official(&config, &args[1..]).await,
        Some("check-backup") => match server::check_backup(&config).await {
            Ok(report) => {
                println!("{report}");
                if !report.is_sound() {
                    std::process::exit(3);
                }
                Ok(())
            }
            Err(err) => Err(err),
        },
        Some("precompress") => {
            let dir = config.site_root.join("pkg");
            server::precompress::precompress(&dir)
                .map(|n| println!("compressed {n} assets in {}", dir.display()))
                .map_err(|e| anyhow::anyhow!("cannot precompress {}: {e}", dir.display()))
        }
        Some(other) => Err(anyhow::anyhow!(
            "unknown command {other}; use serve, precompress, create-official or check-backup (the benchmarks are the `bench` binary)"
        )),
    };
    if let Err(err) = result {
        tracing::error!("{err:#}");
        eprintln!("error: {err:#}");
        std::process::exit(1);
    }
}

async fn create_official(config: &Config, args: &[String]) -> anyhow::Result<()> {
    use app::domain::access::Role;
    use app::domain::account::NewOfficial;
    use app::server::accounts::officials::{self, Admin};
    const USAGE: &str = "usage: server create-official --name \"Họ Tên\" --email e@x.vn --roles receiver,processor [--agency 000.00.31.H29]";
    let mut form = NewOfficial::default();
    let mut pairs = args.chunks(2);
    for pair in &mut pairs {
        let [flag, value] = pair else { anyhow::bail!("{USAGE}") };
        match flag.as_str() {
            "--name" => form.full_name = value.clone(),
            "--email" => form.email = value.clone(),
            "--agency" => form.agency_code = value.clone(),
            "--roles" => {
                form.roles = value
                    .split(',')
                    .map(|r| {
                        Role::parse(r).ok_or_else(|| {
                            anyhow::anyhow!(
                                "unknown role {r}; roles: receiver, processor, approver, agency_admin, system_admin"
                            )
                        })
                    })
                    .collect::<anyhow::Result<_>>()?;
            }
            other => anyhow::bail!("unknown option {other}\n{USAGE}"),
        }
    }
    let state = server::build_state(config).await?;
    let created = officials::create(&state.db, &Admin::CommandLine, &form, chrono::Utc::now()).await.map_err(
        |err| match err {
            app::error::AppError::Invalid(errors) => {
                let t = app::i18n::Locale::Vi.messages();
                let lines: Vec<String> = errors.0.iter().map(|e| format!("{}: {}", e.field, e.rule.text(t))).collect();
                anyhow::anyhow!("{}\n{USAGE}", lines.join("\n"))
            }
            other => anyhow::anyhow!("{other}"),
        },
    )?;
    println!("Đã tạo tài khoản / created: {} (id {})", created.email, created.id);
    println!("Mật khẩu tạm thời / temporary password: {}", created.temporary_password);
    println!("Cán bộ phải đổi mật khẩu khi đăng nhập lần đầu. The official must change it at first sign-in.");
    Ok(())
}
