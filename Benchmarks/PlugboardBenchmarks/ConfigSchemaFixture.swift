/// A plugin configuration schema of realistic size (nested objects, `$defs`/`$ref`, enums, patterns, formats,
/// bounds, `oneOf`, `additionalProperties: false`) and instances for it.
enum ConfigSchemaFixture {
    static let schema = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://example.com/plugboard/ingest-config.json",
      "title": "Ingest plugin configuration",
      "type": "object",
      "required": ["name", "listen", "sources", "limits"],
      "additionalProperties": false,
      "properties": {
        "name": {"type": "string", "pattern": "^[a-z][a-z0-9-]{1,62}$"},
        "description": {"type": "string", "maxLength": 500},
        "enabled": {"type": "boolean", "default": true},
        "listen": {
          "type": "object",
          "required": ["transport"],
          "additionalProperties": false,
          "properties": {
            "transport": {"enum": ["unix", "tcp"]},
            "port": {"type": "integer", "minimum": 1, "maximum": 65535},
            "socketMode": {"type": "string", "pattern": "^0[0-7]{3}$"}
          }
        },
        "sources": {
          "type": "array",
          "minItems": 1,
          "maxItems": 32,
          "items": {"$ref": "#/$defs/source"}
        },
        "limits": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "maxBodyBytes": {"type": "integer", "minimum": 1024, "maximum": 1073741824},
            "timeoutMs": {"type": "integer", "exclusiveMinimum": 0, "maximum": 600000},
            "concurrency": {"type": "integer", "minimum": 1, "maximum": 256},
            "retry": {"$ref": "#/$defs/retry"}
          }
        },
        "labels": {
          "type": "object",
          "maxProperties": 32,
          "propertyNames": {"pattern": "^[a-z][a-z0-9_.-]*$"},
          "additionalProperties": {"type": "string", "maxLength": 128}
        },
        "owner": {"type": "string", "format": "email"},
        "schedule": {
          "oneOf": [
            {"type": "object", "required": ["every"], "properties": {"every": {"type": "string", "pattern": "^[0-9]+(ms|s|m|h)$"}}, "additionalProperties": false},
            {"type": "object", "required": ["cron"], "properties": {"cron": {"type": "string", "minLength": 9}}, "additionalProperties": false}
          ]
        }
      },
      "$defs": {
        "source": {
          "type": "object",
          "required": ["id", "url"],
          "additionalProperties": false,
          "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9-]+$"},
            "url": {"type": "string", "format": "uri"},
            "format": {"enum": ["json", "csv", "text/plain", "application/octet-stream"]},
            "weight": {"type": "number", "minimum": 0, "maximum": 1},
            "headers": {"type": "object", "additionalProperties": {"type": "string"}},
            "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": true, "maxItems": 16}
          }
        },
        "retry": {
          "type": "object",
          "required": ["attempts"],
          "additionalProperties": false,
          "properties": {
            "attempts": {"type": "integer", "minimum": 0, "maximum": 10},
            "backoffMs": {"type": "integer", "minimum": 0},
            "on": {"type": "array", "items": {"enum": ["timeout", "5xx", "connection"]}, "uniqueItems": true}
          }
        }
      }
    }
    """#

    /// About 1 KB of valid configuration.
    static let validInstance = #"""
    {
      "name": "ingest-orders",
      "description": "Pulls orders from the shop and the warehouse.",
      "enabled": true,
      "listen": {"transport": "unix", "socketMode": "0600"},
      "sources": [
        {"id": "shop", "url": "https://shop.example.com/api/orders", "format": "json", "weight": 0.7,
         "headers": {"accept": "application/json"}, "tags": ["orders", "primary"]},
        {"id": "warehouse", "url": "https://wh.example.com/export.csv", "format": "csv", "weight": 0.3, "tags": ["stock"]},
        {"id": "archive", "url": "file:///var/lib/ingest/archive", "format": "application/octet-stream"}
      ],
      "limits": {"maxBodyBytes": 16777216, "timeoutMs": 30000, "concurrency": 8,
                 "retry": {"attempts": 3, "backoffMs": 250, "on": ["timeout", "5xx"]}},
      "labels": {"team": "fulfilment", "tier": "gold", "region.eu": "west"},
      "owner": "ops@example.com",
      "schedule": {"every": "5m"}
    }
    """#

    /// The same with three mistakes: a bad name, a port out of range, a duplicated tag.
    static let invalidInstance = #"""
    {
      "name": "Ingest Orders",
      "listen": {"transport": "tcp", "port": 70000},
      "sources": [{"id": "shop", "url": "https://shop.example.com/api/orders", "tags": ["a", "a"]}],
      "limits": {"concurrency": 8}
    }
    """#
}
