#!/usr/bin/env bash
# Smoke test of a running node (esctl start first): French analysis, geo, terms aggregation,
# completion, alias swap, more_like_this. Uses only curl and python3; creates and deletes
# indices named es-node-smoke-*. Prints "N passed, N failed"; exit 1 on any failure.
set -uo pipefail
ES_PORT="${ES_PORT:-9200}"
URL="${ES_URL:-http://127.0.0.1:${ES_PORT}}"
P=es-node-smoke
pass=0; fail=0

req() { # METHOD PATH [JSON]
    if [[ $# -ge 3 ]]; then
        curl -sS -X "$1" "$URL$2" -H 'Content-Type: application/json' --data-binary "$3"
    else
        curl -sS -X "$1" "$URL$2"
    fi
}
# check NAME JSON PYTHON-EXPR   (r is the parsed JSON)
check() {
    if python3 -c 'import json,sys; r=json.loads(sys.argv[1]); sys.exit(0 if eval(sys.argv[2]) else 1)' "$2" "$3" 2>/dev/null; then
        echo "ok   - $1"; pass=$((pass + 1))
    else
        echo "FAIL - $1"; echo "       got: ${2:0:400}"; fail=$((fail + 1))
    fi
}

req GET /_cluster/health >/dev/null || { echo "no Elasticsearch at $URL (run esctl start)"; echo "0 passed, 1 failed"; exit 1; }
req DELETE "/$P-v1,$P-v2?ignore_unavailable=true" >/dev/null

INDEX_BODY='{
  "settings": {
    "number_of_shards": 1, "number_of_replicas": 0,
    "analysis": {
      "char_filter": {"html": {"type": "html_strip"}},
      "filter": {
        "fr_elision": {"type": "elision", "articles_case": true,
                       "articles": ["l","m","t","qu","n","s","j","d","c","jusqu","quoiqu","lorsqu","puisqu"]},
        "fr_stop": {"type": "stop", "stopwords": "_french_"},
        "fr_stemmer": {"type": "stemmer", "language": "light_french"}
      },
      "analyzer": {
        "fr": {"type": "custom", "tokenizer": "standard", "char_filter": ["html"],
               "filter": ["fr_elision", "lowercase", "asciifolding", "fr_stop", "fr_stemmer"]},
        "simple_fr": {"type": "custom", "tokenizer": "standard", "filter": ["fr_elision", "lowercase", "asciifolding"]}
      },
      "normalizer": {"folded": {"type": "custom", "filter": ["lowercase", "asciifolding"]}}
    }
  },
  "mappings": {"properties": {
    "title": {"type": "text", "analyzer": "fr", "fields": {"sort": {"type": "keyword", "normalizer": "folded"}}},
    "body": {"type": "text", "analyzer": "fr"},
    "academie": {"type": "keyword"},
    "location": {"type": "geo_point"},
    "suggest": {"type": "completion", "analyzer": "simple_fr"}
  }}
}'
r=$(req PUT "/$P-v1" "$INDEX_BODY"); check "create index with French analyzer, geo_point, completion" "$r" 'r.get("acknowledged") is True'

r=$(req POST "/$P-v1/_bulk?refresh=true" "$(printf '%s\n' \
  '{"index":{"_id":"1"}}' \
  '{"title":"Les métiers de l'"'"'industrie","body":"<p>Évaluer les compétences à l'"'"'oral</p>","academie":"paris","location":{"lat":48.8566,"lon":2.3522},"suggest":{"input":["Les métiers de l'"'"'industrie","métiers"]}}' \
  '{"index":{"_id":"2"}}' \
  '{"title":"Théâtre et éloquence au lycée","body":"Un projet d'"'"'établissement sur la prise de parole","academie":"lyon","location":{"lat":45.764,"lon":4.8357},"suggest":{"input":["Théâtre et éloquence au lycée","théâtre"]}}')
")
check "bulk index 2 docs" "$r" 'r["errors"] is False and len(r["items"]) == 2'

r=$(req POST "/$P-v1/_analyze" '{"analyzer":"fr","text":"L'"'"'Évaluation des métiers"}')
check "_analyze: elision + folding + stop + light_french stem" "$r" '[t["token"] for t in r["tokens"]] == ["evalu", "meti"]'
echo "       tokens: $(python3 -c 'import json,sys; print([t["token"] for t in json.loads(sys.argv[1])["tokens"]])' "$r")"

r=$(req POST /_analyze '{"analyzer":"french","text":"Les élèves évaluent"}')
check "built-in \"french\" analyzer" "$r" '[t["token"] for t in r["tokens"]] == ["elev", "evaluent"]'
r=$(req POST /_analyze '{"tokenizer":"whitespace","filter":["lowercase",{"type":"edge_ngram","min_gram":2,"max_gram":4}],"text":"Théâtre"}')
check "whitespace tokenizer + edge_ngram filter" "$r" '[t["token"] for t in r["tokens"]] == ["th", "thé", "théâ"]'
r=$(req POST "/$P-v1/_search" '{"query":{"match":{"title":"métier"}}}')
check "\"métier\" finds \"métiers\"" "$r" '[h["_id"] for h in r["hits"]["hits"]] == ["1"]'
r=$(req POST "/$P-v1/_search" '{"query":{"match":{"title":"metiers"}}}')
check "\"metiers\" (no accent) finds \"métiers\"" "$r" '[h["_id"] for h in r["hits"]["hits"]] == ["1"]'
r=$(req POST "/$P-v1/_search" '{"query":{"match":{"body":"evaluer"}}}')
check "\"evaluer\" finds \"Évaluer\"" "$r" '[h["_id"] for h in r["hits"]["hits"]] == ["1"]'
r=$(req POST "/$P-v1/_search" '{"query":{"match":{"body":"etablissements"}}}')
check "\"etablissements\" finds \"d-apostrophe-établissement\" (elision)" "$r" '[h["_id"] for h in r["hits"]["hits"]] == ["2"]'
r=$(req POST "/$P-v1/_search" '{"query":{"match":{"body":"p"}}}')
check "html_strip: markup not indexed" "$r" 'r["hits"]["total"]["value"] == 0'

r=$(req POST "/$P-v1/_search" '{"query":{"bool":{"filter":{"geo_distance":{"distance":"50km","location":{"lat":48.85,"lon":2.35}}}}}}')
check "geo_distance 50 km of Paris keeps only the Paris doc" "$r" '[h["_id"] for h in r["hits"]["hits"]] == ["1"]'
r=$(req POST "/$P-v1/_search" '{"sort":[{"_geo_distance":{"location":{"lat":45.7,"lon":4.8},"order":"asc","unit":"km"}}]}')
check "sort by _geo_distance from Lyon" "$r" '[h["_id"] for h in r["hits"]["hits"]] == ["2","1"] and r["hits"]["hits"][1]["sort"][0] > 380'

r=$(req POST "/$P-v1/_search" '{"size":0,"aggs":{"acad":{"terms":{"field":"academie"}}}}')
check "terms aggregation" "$r" 'sorted((b["key"], b["doc_count"]) for b in r["aggregations"]["acad"]["buckets"]) == [("lyon",1),("paris",1)]'

r=$(req POST "/$P-v1/_search" '{"sort":[{"title.sort":"asc"}],"_source":false}')
check "keyword sort with lowercase+asciifolding normalizer" "$r" '[h["sort"][0] for h in r["hits"]["hits"]][0].startswith("les metiers")'

r=$(req POST "/$P-v1/_search" '{"suggest":{"s":{"prefix":"thea","completion":{"field":"suggest"}}}}')
check "completion suggester (\"thea\" -> Théâtre)" "$r" 'r["suggest"]["s"][0]["options"][0]["_id"] == "2"'

r=$(req POST "/$P-v1/_search" '{"query":{"more_like_this":{"fields":["title","body"],"like":[{"_id":"1"}],"min_term_freq":1,"min_doc_freq":1}}}')
check "more_like_this query runs" "$r" '"hits" in r'

r=$(req POST "/$P-v1/_search" '{"query":{"match":{"title":"métiers"}},"highlight":{"fields":{"title":{}}}}')
check "highlight" "$r" '"<em>" in r["hits"]["hits"][0]["highlight"]["title"][0]'

# alias swap: v1 -> v2 atomically
r=$(req POST /_aliases "{\"actions\":[{\"add\":{\"index\":\"$P-v1\",\"alias\":\"$P\"}}]}"); check "alias add" "$r" 'r.get("acknowledged") is True'
r=$(req PUT "/$P-v2" "$INDEX_BODY"); check "create second index" "$r" 'r.get("acknowledged") is True'
r=$(req PUT "/$P-v2/_doc/3?refresh=true" '{"title":"Nouvelle fiche","academie":"lille","location":{"lat":50.63,"lon":3.06}}')
check "index into v2" "$r" 'r["result"] == "created"'
r=$(req POST /_aliases "{\"actions\":[{\"remove\":{\"index\":\"$P-v1\",\"alias\":\"$P\"}},{\"add\":{\"index\":\"$P-v2\",\"alias\":\"$P\"}}]}")
check "alias swap (_aliases remove+add)" "$r" 'r.get("acknowledged") is True'
r=$(req GET "/_alias/$P"); check "alias now points only to v2" "$r" 'list(r) == ["'"$P"'-v2"]'
r=$(req POST "/$P/_search" '{}'); check "search through the alias sees v2" "$r" '[h["_id"] for h in r["hits"]["hits"]] == ["3"]'

req DELETE "/$P-v1,$P-v2" >/dev/null
echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
