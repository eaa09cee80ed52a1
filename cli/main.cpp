#include <iostream>

#include "src/cli.h"

int main(int argc, char** argv) { return fieldcheck::cli::run(argc, argv, std::cout, std::cerr); }
