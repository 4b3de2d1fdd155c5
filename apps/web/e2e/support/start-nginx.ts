// A real reverse-proxy hop for tests: Debian's nginx as a child process on a free loopback port, with a
// throwaway config that forwards everything to `upstream` the way the README's example does (appending
// the peer to X-Forwarded-For). Always call stop().
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "@rotor/db/testing";

export const NGINX_PATH = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((path) => existsSync(path));

export interface Nginx {
  url: string;
  stop(): Promise<void>;
}

export async function startNginx(upstream: string): Promise<Nginx> {
  if (!NGINX_PATH) throw new Error("nginx is not installed (apt-get install nginx)");
  const dir = mkdtempSync(join(tmpdir(), "rotor-nginx-"));
  const port = await findFreePort();
  const target = new URL(upstream);
  writeFileSync(
    join(dir, "nginx.conf"),
    `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://${target.host};
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`,
  );
  const child = spawn(NGINX_PATH, ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) return { url, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error("nginx did not start");
}
