from eduplan.cli import main

main()
