from brazelint.cli import main

main()
