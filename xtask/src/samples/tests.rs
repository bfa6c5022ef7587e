use super::*;
use serde_json::json;

/// A folder of its own under the system's temporary folder.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-samples-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

const PETS: &str = r##"
openapi: 3.0.3
info: {title: Pets, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {$ref: "#/components/schemas/Pet"}
              examples:
                two: {$ref: "#/components/examples/TwoPets"}
                far: {externalValue: "https://example.com/pets.json"}
            application/xml:
              example: "<pets/>"
            application/vnd.pets+json:
              example: [{id: 3, name: "Kit"}]
        "404":
          $ref: "#/components/responses/NotFound"
        "500":
          description: broken
          content:
            application/json:
              schema: {type: object, properties: {code: {type: integer}}}
              example: {code: 1}
        "503":
          description: busy
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
              example: {message: "busy"}
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, example: "7"}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  pet: {$ref: "#/components/schemas/Pet"}
                  seen: {type: string, format: date-time, example: "2018-01-01T00:01:01"}
              example: {pet: {id: 1, name: "Rex"}, seen: "2018-01-01T00:01:01Z"}
        "202":
          description: later
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: integer, example: 1}
        name: {type: string}
        tags:
          type: array
          items: {type: string, example: "good"}
        owner:
          allOf:
            - $ref: "#/components/schemas/Person"
        weight: {type: number, nullable: true, example: 2.5}
        size:
          oneOf:
            - {type: integer, example: 3}
            - {type: string, example: "big"}
      example: {id: 2, name: "Tom", tags: ["cat"]}
    Person:
      allOf:
        - type: object
          properties:
            first: {type: string, example: "Ann"}
        - type: object
          properties:
            last: {type: string, example: "Lee"}
    Error:
      type: object
      properties:
        message: {type: string}
  responses:
    NotFound:
      description: not found
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
          example: {message: "no such pet"}
  examples:
    TwoPets:
      value: [{id: 1, name: "Rex"}, {id: 2, name: "Tom"}]
"##;

/// The samples of `PETS`, by label: (type, sample).
fn pets() -> (BTreeMap<String, (String, Value)>, BTreeMap<String, String>) {
    let dir = temp_dir("pets");
    let spec = dir.join("openapi.yaml");
    std::fs::write(&spec, PETS).unwrap();
    let loaded = codegen::load::load(&spec).unwrap();
    let resolved = codegen::resolve::resolve(&loaded, &Default::default()).unwrap();
    let doc = bundled(&spec).unwrap();
    let collected = collect::collect(&resolved.api, &doc);
    let samples = collected.samples.into_iter().map(|s| (s.label, (s.rust, s.json))).collect();
    let skipped = collected.skipped.into_iter().map(|s| (s.label, s.reason)).collect();
    (samples, skipped)
}

use std::collections::BTreeMap;

#[test]
fn response_examples_decode_as_the_operations_body_types() {
    let (samples, skipped) = pets();
    let ok = "/paths/~1pets/get/responses/200/content/application~1json";
    assert_eq!(samples["/components/examples/TwoPets/value"].0, "Vec<api::types::Pet>");
    assert_eq!(samples["/components/examples/TwoPets/value"].1[1]["name"], json!("Tom"));
    // Each error status is decoded as its variant's body in the operation's error enum:
    // statuses with the same schema share its type.
    assert_eq!(samples["/components/responses/NotFound/content/application~1json/example"].0, "api::types::Error");
    assert_eq!(samples["/paths/~1pets/get/responses/500/content/application~1json/example"].0, "api::types::ListPetsErrorInternalServerError");
    assert_eq!(samples["/paths/~1pets/get/responses/503/content/application~1json/example"].0, "api::types::Error");
    assert!(skipped[&format!("{ok}/examples/far")].contains("externalValue"));
    assert!(skipped["/paths/~1pets/get/responses/200/content/application~1xml/example"].contains("not JSON"));
    // Every JSON media type is decoded as the response's type.
    assert_eq!(samples["/paths/~1pets/get/responses/200/content/application~1vnd.pets+json/example"].0, "Vec<api::types::Pet>");
    // A per-status success enum: the variant of the status.
    let inline = &samples["/paths/~1pets~1{id}/get/responses/200/content/application~1json/example"];
    assert!(inline.0.starts_with("api::types::"), "{}", inline.0);
    assert_eq!(inline.1["pet"]["name"], json!("Rex"));
}

#[test]
fn schema_examples_decode_as_their_schema_field_or_item() {
    let (samples, skipped) = pets();
    assert_eq!(samples["/components/schemas/Pet/example"].0, "api::types::Pet");
    assert_eq!(samples["/components/schemas/Pet/properties/id/example"].0, "i64");
    assert_eq!(samples["/components/schemas/Pet/properties/tags/items/example"].0, "String");
    assert_eq!(samples["/components/schemas/Pet/properties/weight/example"].0, "Option<f64>");
    // Properties of `allOf` members merged into one struct are that struct's fields.
    assert_eq!(samples["/components/schemas/Person/allOf/1/properties/last/example"].0, "String");
    // A member's value is a value of the place it is a member of.
    let size = &samples["/components/schemas/Pet/properties/size/oneOf/1/example"].0;
    assert_eq!(size, &samples["/components/schemas/Pet/properties/size/oneOf/0/example"].0);
    assert!(size.contains("api::types::"), "{size}");
    // A property of an inline response body.
    let seen = "/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema/properties/seen/example";
    assert_eq!(samples[seen].0, "api::DateTime");
    // Parameters are sent, not received.
    assert!(skipped["/paths/~1pets~1{id}/get/parameters/0/schema/example"].contains("requests are not decoded"));
}

#[test]
fn steps_down_a_schema_take_their_names_and_indices() {
    assert_eq!(collect_step(&["properties", "items", "x"]), ("Property(\"items\")".into(), 2));
    assert_eq!(collect_step(&["items", "properties"]), ("Items".into(), 1));
    assert_eq!(collect_step(&["items", "0"]), ("Other(\"items\")".into(), 2));
    assert_eq!(collect_step(&["allOf", "3", "properties"]), ("Member".into(), 2));
    assert_eq!(collect_step(&["oneOf", "0"]), ("Member".into(), 2));
    assert_eq!(collect_step(&["not"]), ("Other(\"not\")".into(), 1));
}

fn collect_step(tokens: &[&str]) -> (String, usize) {
    let tokens: Vec<String> = tokens.iter().map(|s| s.to_string()).collect();
    collect::step_for_tests(&tokens)
}

#[test]
fn payloads_decode_as_the_schema_they_are_keyed_by_or_their_object() {
    let dir = temp_dir("payloads");
    let spec = dir.join("openapi.yaml");
    std::fs::write(&spec, PETS).unwrap();
    let loaded = codegen::load::load(&spec).unwrap();
    let api = codegen::resolve::resolve(&loaded, &Default::default()).unwrap().api;
    let file = dir.join("pets-fixtures.json");
    let fixtures = json!({"resources": {"Pet": {"id": 1, "name": "Rex"}, "pet_alias": {"object": "Error", "message": "m"}, "ghost": {"id": 1}}});
    std::fs::write(&file, fixtures.to_string()).unwrap();
    let mut collected = collect::Collected::default();
    collect::payload_samples(&api, &[file], &mut collected).unwrap();
    let found: Vec<(&str, &str)> = collected.samples.iter().map(|s| (s.label.as_str(), s.rust.as_str())).collect();
    assert_eq!(found, [("pets-fixtures.json: resources/Pet", "api::types::Pet"), ("pets-fixtures.json: resources/pet_alias", "api::types::Error")]);
    assert_eq!(collected.skipped.len(), 1);
    assert!(collected.skipped[0].reason.contains("no component schema `ghost`"));
    assert!(collect::payload_samples(&api, &[dir.join("missing.json")], &mut collected).unwrap_err().contains("missing.json"));
}

#[test]
fn harness_output_becomes_verdicts() {
    let sample = Sample { label: "/a".into(), origin: Origin::Schema, rust: "api::types::A".into(), json: json!({"a": 1, "b": null}) };
    let harness = Harness::new(Path::new("/w"), "samples-t", std::slice::from_ref(&sample), Decoder::Runtime);
    let ok = result(&sample, Some(json!({"encoded": "{\"a\":1.0}", "deviations": ["/a: x"]})), &harness, "");
    assert_eq!(ok.verdict, Verdict::NullsDropped);
    assert_eq!(ok.deviations, ["/a: x"]);
    let failed = result(&sample, Some(json!({"error": "invalid type"})), &harness, "");
    assert_eq!((failed.verdict, failed.error.as_deref()), (Verdict::Failed, Some("invalid type")));
    let crashed = result(&sample, None, &harness, "the harness stopped (signal: 11): overflow");
    assert!(crashed.error.unwrap().contains("not run: the harness stopped"));
}

#[test]
fn documents_are_found_unpacked_and_named() {
    assert!(is_document("a.yaml") && is_document("b.json.gz") && is_document("c.tar.gz") && is_document("D.YML"));
    assert!(!is_document("README.md") && !is_document("x.gz"));
    assert_eq!(spread(10, 3), [0, 3, 6]);
    assert_eq!(spread(2, 5), [0, 1]);
    let docs = [Document { path: "a".into(), name: "x/Open API.yaml".into() }, Document { path: "b".into(), name: "x/open-api.yaml".into() }];
    assert_eq!(slugs(&docs), ["x-open-api-yaml", "x-open-api-yaml-1"]);
    assert!(payload_of(Path::new("/p/stripe-fixtures3.json.gz"), Path::new("/w/stripe.json.gz")));
    assert!(!payload_of(Path::new("/p/stripe-fixtures3.json.gz"), Path::new("/w/spotify.yaml.gz")));

    let dir = temp_dir("unpack");
    let gz = dir.join("pets.yaml.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut encoder, PETS.as_bytes()).unwrap();
    std::fs::write(&gz, encoder.finish().unwrap()).unwrap();
    let spec = materialize(&gz, &dir.join("spec")).unwrap();
    assert_eq!(spec, dir.join("spec/pets.yaml"));
    assert_eq!(std::fs::read_to_string(&spec).unwrap(), PETS);
    assert_eq!(materialize(&dir.join("plain.yaml"), &dir.join("other")).unwrap(), dir.join("plain.yaml"));

    let tree = dir.join("tree");
    std::fs::create_dir_all(tree.join("spec/models")).unwrap();
    std::fs::write(tree.join("spec/models/pet.yaml"), "type: object\n").unwrap();
    std::fs::write(tree.join("spec/models/deep.yaml"), "openapi: 3.0.0\n").unwrap();
    std::fs::write(tree.join("spec/root.yaml"), "openapi: 3.0.0\ninfo: {}\n").unwrap();
    assert_eq!(find_root(&tree).unwrap(), tree.join("spec/root.yaml"));
    assert!(find_root(&dir.join("other")).is_err());
}

#[test]
fn arguments_need_one_source_of_documents() {
    let parse_args = |a: &[&str]| parse(a.iter().map(|s| s.to_string()));
    assert!(parse_args(&[]).is_err());
    assert!(parse_args(&["--spec", "a", "--corpus"]).is_err());
    let args = parse_args(&["--dir", "d", "--sample", "5", "--serde"]).unwrap();
    assert_eq!((args.sample, args.decoder), (Some(5), Decoder::Serde));
    assert!(parse_args(&["--corpus", "--sample", "x"]).unwrap_err().contains("--sample needs a number"));
}
