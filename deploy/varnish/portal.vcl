# The HTTP cache in front of gunicorn (Debian's varnish 7.1). See
# docs/production.md, "HTTP cache", and docs/decisions/0005-http-cache.md.
#
# - Anonymous GET/HEAD of public pages are looked up; the app says how long
#   they keep (Cache-Control: public, s-maxage=..., from portal.http_cache).
# - Every other request goes to the app: other methods, the admin, the
#   comment form's token endpoint, the confirm/withdraw/suppress links, the
#   language links, and anyone signed in (a sessionid cookie).
# - Cookies are dropped except the language choice, which the pages vary by
#   (Vary: Cookie): Swedish (no cookie, or "sv") and English are the only two
#   variants of a page.
# - A response that sets a cookie is never stored.
# - PURGE, from this machine only (Wagtail's frontend cache, sent by the task
#   worker), bans the path with any query string: an article's comment pages
#   and its "comment received" notice go with it. The one site is assumed:
#   the ban ignores the Host.
vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .first_byte_timeout = 60s;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        ban("obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin|healthz|sprak)(/|$)"
        || req.url ~ "^/kommentarer/(formular|bekrafta|aterkalla|stoppa-epost|ny-lank)/") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Keep the language choice only, and only when it is not the default.
    if (req.http.Cookie ~ "(^|;\s*)django_language=[a-zA-Z-]+") {
        set req.http.Cookie = "django_language="
            + regsub(req.http.Cookie, "^(.*;\s*)?django_language=([a-zA-Z-]+).*$", "\2");
        if (req.http.Cookie == "django_language=sv") {
            unset req.http.Cookie;
        }
    } else {
        unset req.http.Cookie;
    }
    call vcl_req_host;
    # Not the built-in vcl_recv: it passes any request with a cookie.
    return (hash);
}

sub vcl_backend_response {
    # What a ban compares with: the path without its query string.
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    if (beresp.http.Set-Cookie) {
        # Never stored; remembered as such for a while (hit-for-miss).
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # The built-in rules follow: nothing private, no-cache or no-store is kept.
}

sub vcl_deliver {
    unset resp.http.x-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
