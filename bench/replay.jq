# curl -K blocks that replay the requests a 'check --json' sent: /v2/time and
# every probe that was answered, each store's once, with the write probes'
# bodies from the catalogue. Arguments: --arg base URL, --arg tok TOKEN,
# --arg opts (curl options for every block, one a line), --slurpfile cat
# (bcsetup scopes --json). Each block asks for compressed answers, as bcsetup
# does (Accept-Encoding): without it the replay would skip the practice
# store's gzip and the client's inflate, which bcsetup pays on every answer.
($cat[0].scopes | map(.write_probe | select(. != null and .body != null)
	| {key: (.method + " " + .path), value: .body}) | from_entries) as $bodies
| [.results[] | .store_hash as $h
| (["GET /v2/time"] + [.scopes[].probes[] | select(.status > 0) | .request] | unique[]) as $rq
| ($rq | split(" ")) as [$m, $p]
| "url = \"\($base)/stores/\($h)\($p)\"\nrequest = \"\($m)\"\noutput = \"/dev/null\"\n"
  + "header = \"X-Auth-Token: \($tok)\"\nheader = \"Accept: application/json\"\n"
  + "header = \"Content-Type: application/json\"\ncompressed\n" + $opts + "\n"
  + (if $bodies[$rq] then "data = \"\($bodies[$rq] | gsub("\""; "\\\""))\"\n" else "" end)]
| join("next\n")
