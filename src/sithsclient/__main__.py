from sithsclient.cli import main

raise SystemExit(main())
