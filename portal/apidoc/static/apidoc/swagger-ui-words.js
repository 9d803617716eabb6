// The words Swagger UI composes, in French, through its own extension points (a plugin, see api-page.js):
// - a schema's type (« array<string> », « integer | null »): Swagger UI's JSON Schema function getType is
//   wrapped in afterLoad, as its OpenAPI 3.1 plugin wraps its own functions (the parameters' type comes from it);
//   the schemas of the responses name their type with a getType of their own, so the component that shows it
//   (one <strong>) is given in French;
// - a constraint (« ≤ 255 characters », « [1, 10] items », « matches ^[a-z]+$ », a format): the component that
//   shows one is wrapped (wrapComponents) and given its French;
// - an example made up from a schema: its placeholders (« "string" », « "additionalProp1" »), from the function
//   that makes it (getSampleSchema, wrapped in afterLoad).
// What it does not know (a new unit, a new sentence) it leaves as Swagger UI wrote it.
var AccrocheSwaggerWords = (function () {
  "use strict";
  var TYPE_WORD = /\b(string|integer|number|boolean|object|array|any|never)\b/g;
  var COUNT = /^(.*?(-?[\d.]+)\]?) (characters|unique items|contained items|items|properties)$/;
  var PLACEHOLDER = /"(?:string|(additionalProp)(\d+))"/g;
  var SENTENCES = [[/^matches (.*)$/, "matches"], [/^multiple of (.*)$/, "multipleOf"],
                   [/^media type: (.*)$/, "mediaType"], [/^encoding: (.*)$/, "encoding"]];

  function plugin(labels) {
    var constraints = labels.constraints;

    function frenchType(label) {
      return typeof label === "string" ? label.replace(TYPE_WORD, function (word) { return labels.types[word]; }) : label;
    }

    function frenchConstraint(value) {
      if (typeof value !== "string") return value;
      if (Object.prototype.hasOwnProperty.call(labels.formats, value)) return labels.formats[value];
      if (value === "unique") return constraints.unique;
      var count = COUNT.exec(value);
      if (count) return count[1] + " " + constraints.units[count[3]][Math.abs(Number(count[2])) <= 1 ? 0 : 1];
      for (var i = 0; i < SENTENCES.length; i++) {
        var sentence = SENTENCES[i][0].exec(value);
        if (sentence) return constraints[SENTENCES[i][1]].replace("%(value)s", sentence[1]);
      }
      return value;
    }

    // An example made up from a schema (JSON text, or the bare text of a CSV, PDF or calendar response): its
    // placeholders in French, the values the schema gives kept.
    function frenchSample(sample) {
      if (typeof sample !== "string") return sample;
      if (sample === "string") return labels.samples.string;
      return sample.replace(PLACEHOLDER, function (whole, free, number) {
        return free ? '"' + labels.samples.additionalProp + number + '"' : '"' + labels.samples.string + '"';
      });
    }

    function frenchSamples(functions, name) {
      var original = functions[name];
      if (typeof original !== "function") return;
      functions[name] = function () { return frenchSample(original.apply(this, arguments)); };
    }

    return function AccrocheWordsPlugin(system) {
      var h = system.React.createElement;
      return {
        afterLoad: function () {
          var schemaFunctions = this.fn.jsonSchema202012;
          var getType = schemaFunctions.getType;
          schemaFunctions.getType = function () { return frenchType(getType.apply(this, arguments)); };
          frenchSamples(this.fn, "getSampleSchema");
          frenchSamples(schemaFunctions, "getSampleSchema");
        },
        wrapComponents: {
          JSONSchema202012KeywordType: function (Original, wrapSystem) {
            return function FrenchType(props) {
              var type = frenchType(wrapSystem.fn.jsonSchema202012.useFn().getType(props.schema));
              return h("strong", { className: "json-schema-2020-12__attribute json-schema-2020-12__attribute--primary" },
                props.isCircular ? type + " " + labels.circular : type);
            };
          },
          JSONSchema202012KeywordConstraint: function (Original) {
            return function FrenchConstraint(props) {
              var constraint = props.constraint || {};
              var french = Object.assign({}, constraint, { value: frenchConstraint(constraint.value) });
              return h(Original, Object.assign({}, props, { constraint: french }));
            };
          },
        },
      };
    };
  }

  return { plugin: plugin };
})();
