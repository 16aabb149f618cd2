/* yamlparse.c - the baseline for bench/batch.sh: runs libyaml's parser
 * (events only, nothing built) over every file named on the command line or,
 * with -l LIST, over every path in LIST (one a line). Prints the number of
 * files and events; exits 1 when a file cannot be read or parsed.
 *
 *   cc -O2 -o yamlparse bench/yamlparse.c -lyaml
 */
#include <stdio.h>
#include <string.h>

#include <yaml.h>

static int parse_file(const char *path, unsigned long *events) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "%s: cannot open\n", path);
    return -1;
  }
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_file(&parser, f);
  int rc = 0;
  for (;;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      fprintf(stderr, "%s:%zu:%zu: %s\n", path, parser.problem_mark.line + 1,
              parser.problem_mark.column + 1, parser.problem);
      rc = -1;
      break;
    }
    (*events)++;
    int done = ev.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&ev);
    if (done) {
      break;
    }
  }
  yaml_parser_delete(&parser);
  fclose(f);
  return rc;
}

int main(int argc, char **argv) {
  unsigned long files = 0, events = 0;
  int rc = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-l") == 0 && i + 1 < argc) {
      FILE *list = fopen(argv[++i], "r");
      if (list == NULL) {
        fprintf(stderr, "%s: cannot open\n", argv[i]);
        return 1;
      }
      char line[4096];
      while (fgets(line, sizeof(line), list)) {
        line[strcspn(line, "\n")] = '\0';
        if (*line) {
          rc |= parse_file(line, &events);
          files++;
        }
      }
      fclose(list);
    } else {
      rc |= parse_file(argv[i], &events);
      files++;
    }
  }
  printf("yamlparse: %lu files, %lu events\n", files, events);
  return rc ? 1 : 0;
}
